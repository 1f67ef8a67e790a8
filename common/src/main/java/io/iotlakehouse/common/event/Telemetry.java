package io.iotlakehouse.common.event;

import java.util.Objects;

/**
 * One event of one device. {@code (deviceId, seq)} is the event's identity across every layer of the platform: seq
 * starts at 1 and grows by one per event of the device, so a gap is a lost event and a repeat is a duplicate.
 * {@code firmwareVersion} is optional (schema v2; null when the device does not say).
 */
public record Telemetry(String deviceId, long seq, long eventTimeMillis, Payload payload, String firmwareVersion) {
  public Telemetry {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(payload, "payload");
  }

  /** An event without a firmware version (what schema v1 devices send). */
  public Telemetry(String deviceId, long seq, long eventTimeMillis, Payload payload) {
    this(deviceId, seq, eventTimeMillis, payload, null);
  }

  public DeviceKind kind() {
    return payload.kind();
  }
}
