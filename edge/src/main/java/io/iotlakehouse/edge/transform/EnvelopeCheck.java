package io.iotlakehouse.edge.transform;

import io.iotlakehouse.common.event.DeviceKind;
import io.iotlakehouse.common.event.MalformedEventException;
import io.iotlakehouse.common.event.TelemetryCodec;

/**
 * The gateway's admission check: the envelope must be decodable, carry a device id and a sequence number, and the
 * device must publish as itself (the topic's device id equals the payload's). Deeper checks (ranges, sanity of
 * readings) belong to silver: the gateway forwards, it does not judge measurements. Pure and thread-safe.
 */
public final class EnvelopeCheck {
  private final TelemetryCodec codec = new TelemetryCodec();
  private final long maxPayloadBytes;

  public EnvelopeCheck(long maxPayloadBytes) {
    this.maxPayloadBytes = maxPayloadBytes;
  }

  public Verdict check(String mqttTopic, byte[] payload) {
    String[] levels = mqttTopic.split("/", -1);
    boolean wellFormedTopic = levels.length == 4 && levels[0].equals("devices") && levels[3].equals("telemetry")
        && TelemetryCodec.DEVICE_ID.matcher(levels[2]).matches();
    String topicDevice = wellFormedTopic ? levels[2] : null;
    if (!wellFormedTopic) {
      return new Verdict.Rejected("bad_topic", "topic '" + mqttTopic + "' is not devices/<kind>/<device_id>/telemetry", null);
    }
    if (payload.length > maxPayloadBytes) {
      return new Verdict.Rejected("oversized",
          "payload of " + payload.length + " bytes exceeds edge.max-payload-bytes=" + maxPayloadBytes, topicDevice);
    }
    TelemetryCodec.Decoded d;
    try {
      d = codec.decode(payload);
    } catch (MalformedEventException e) {
      return new Verdict.Rejected(e.code(), e.getMessage(), topicDevice);
    }
    if (!d.event().deviceId().equals(topicDevice)) {
      return new Verdict.Rejected("device_mismatch",
          "device " + topicDevice + " published an event of device " + d.event().deviceId(), topicDevice);
    }
    DeviceKind topicKind;
    try {
      topicKind = DeviceKind.fromWire(levels[1]);
    } catch (IllegalArgumentException e) {
      return new Verdict.Rejected("bad_topic", "unknown device kind '" + levels[1] + "' in topic", topicDevice);
    }
    if (topicKind != d.event().kind()) {
      return new Verdict.Rejected("bad_payload",
          "topic says " + topicKind.wireName() + " but the payload is a " + d.event().kind().wireName() + " reading", topicDevice);
    }
    return new Verdict.Accepted(d.event(), d.format(), d.schemaVersion());
  }
}
