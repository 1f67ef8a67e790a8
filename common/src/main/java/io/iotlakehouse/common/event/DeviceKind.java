package io.iotlakehouse.common.event;

import java.util.Locale;

/** The three device families of the platform's scenarios. */
public enum DeviceKind {
  ENV,
  TRUCK,
  TURBOFAN;

  /** Lower-case name used in MQTT topics and JSON payloads. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DeviceKind fromWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
