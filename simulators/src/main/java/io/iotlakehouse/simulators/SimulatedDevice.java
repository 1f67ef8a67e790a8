package io.iotlakehouse.simulators;

import io.iotlakehouse.common.event.DeviceKind;
import io.iotlakehouse.common.event.Payload;

/** One simulated device: produces its next reading on each tick. Not thread-safe; one ticker drives it. */
public interface SimulatedDevice {
  String id();

  DeviceKind kind();

  /** The next reading, or null when the device has nothing more to send (a replayed engine that failed). */
  Payload next(long nowMillis);
}
