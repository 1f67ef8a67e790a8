package io.iotlakehouse.common.event;

import java.util.Objects;

/**
 * One event of one device. {@code (deviceId, seq)} is the event's identity across every layer of the platform: seq
 * starts at 1 and grows by one per event of the device, so a gap is a lost event and a repeat is a duplicate.
 */
public record Telemetry(String deviceId, long seq, long eventTimeMillis, Payload payload) {
  public Telemetry {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(payload, "payload");
  }

  public DeviceKind kind() {
    return payload.kind();
  }
}
