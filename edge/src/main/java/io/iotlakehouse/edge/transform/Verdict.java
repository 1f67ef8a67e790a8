package io.iotlakehouse.edge.transform;

import io.iotlakehouse.common.event.PayloadFormat;
import io.iotlakehouse.common.event.Telemetry;

/** What the gateway decided about one MQTT message: forward it, or dead-letter it with a reason. */
public sealed interface Verdict permits Verdict.Accepted, Verdict.Rejected {
  record Accepted(Telemetry event, PayloadFormat format, int schemaVersion) implements Verdict {}

  /**
   * @param reason stable code (lower case, e.g. {@code unknown_format}) for dashboards and reprocessing
   * @param detail a human explanation
   * @param deviceId the device the topic names, or null when the topic does not follow the pattern
   */
  record Rejected(String reason, String detail, String deviceId) implements Verdict {}
}
