package io.iotlakehouse.common.tls;

/**
 * What a client certificate stands for. The certificate's subject carries it as {@code OU} ({@code CN} is the device
 * or gateway id), and a folder of identities keeps each role in its own sub-folder, so a device and a gateway may
 * share an id without sharing a key.
 */
public enum TlsRole {
  /** A sensor, truck or engine: may publish only its own telemetry. */
  DEVICE("device", "devices"),
  /** An edge gateway: reads every device's telemetry, publishes its own heartbeat (and alerts). */
  GATEWAY("gateway", "gateways"),
  /** A monitoring client (operator tools, tests): reads gateways' heartbeats and alerts, publishes nothing. */
  MONITOR("monitor", "monitors"),
  /**
   * A model rollout controller ({@code lakehouse models rollout | status}): reads gateways' heartbeats, publishes the
   * model each gateway should run ({@code gateways/<id>/model/desired}).
   */
  CONTROLLER("controller", "controllers");

  private final String unit;
  private final String folder;

  TlsRole(String unit, String folder) {
    this.unit = unit;
    this.folder = folder;
  }

  /** The certificate subject's organizational unit ({@code OU}) for this role. */
  public String unit() {
    return unit;
  }

  /** The sub-folder of an identity folder that holds this role's certificates and keys. */
  public String folder() {
    return folder;
  }
}
