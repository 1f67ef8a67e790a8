package io.iotlakehouse.edge.transform;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One record the gateway owes Kafka, as it is buffered: target topic, device, seq, MQTT topic, receive time, value,
 * and {@code meta} (what the Kafka headers need beyond that: {@code <format>/<schema version>} for telemetry, followed
 * by {@code \n<model>\n<model version>} when a local model judges the event; {@code <reason>\n<original
 * bytes>\n<detail>} for a dead letter). Built from a {@link Verdict}: accepted events go to the telemetry topic keyed
 * by device_id with {@code lakehouse.format} and {@code lakehouse.schema-version} (and {@code lakehouse.model},
 * {@code lakehouse.model-version} once {@link #withModel tagged}); rejected payloads go to the dead-letter topic
 * (truncated to the payload limit) with the reason headers. Pure.
 *
 * @param seq the event's seq, or {@link #NO_SEQ} for dead letters
 * @param eventTimeMillis the event's own time (for the seq check: a device whose counter went back sends seqs it
 *     sent before, but newer), or {@link #NO_TIME} when unknown (dead letters, entries read back from the buffer)
 */
public record Outbound(Target target, String deviceId, long seq, String mqttTopic, long receivedAtMillis, byte[] value,
    String meta, long eventTimeMillis) {
  public static final String H_GATEWAY = "lakehouse.gateway";
  public static final String H_RECEIVED_AT = "lakehouse.received-at";
  public static final String H_FORMAT = "lakehouse.format";
  public static final String H_SCHEMA_VERSION = "lakehouse.schema-version";
  public static final String H_REASON = "lakehouse.reason";
  public static final String H_DETAIL = "lakehouse.detail";
  public static final String H_MQTT_TOPIC = "lakehouse.mqtt-topic";
  public static final String H_ORIGINAL_BYTES = "lakehouse.original-bytes";
  /** Name and version of the local model that judged the event (absent when none did). */
  public static final String H_MODEL = "lakehouse.model";
  public static final String H_MODEL_VERSION = "lakehouse.model-version";
  public static final long NO_SEQ = -1;
  public static final long NO_TIME = Long.MIN_VALUE;
  /** Fixed per-entry cost counted against the disk budget on top of value, meta and ids (row and index overhead). */
  public static final int ENTRY_OVERHEAD = 64;

  public enum Target { TELEMETRY, DEAD_LETTER }

  public record Header(String name, byte[] value) {}

  /** An entry whose event time is not known ({@link #NO_TIME}). */
  public Outbound(Target target, String deviceId, long seq, String mqttTopic, long receivedAtMillis, byte[] value,
      String meta) {
    this(target, deviceId, seq, mqttTopic, receivedAtMillis, value, meta, NO_TIME);
  }

  public static Outbound of(Verdict verdict, String mqttTopic, byte[] payload, long receivedAtMillis, int maxPayload) {
    if (verdict instanceof Verdict.Accepted a) {
      return new Outbound(Target.TELEMETRY, a.event().deviceId(), a.event().seq(), mqttTopic, receivedAtMillis, payload,
          a.format().name().toLowerCase(Locale.ROOT) + "/" + a.schemaVersion(), a.event().eventTimeMillis());
    }
    Verdict.Rejected r = (Verdict.Rejected) verdict;
    byte[] kept = payload.length > maxPayload ? Arrays.copyOf(payload, maxPayload) : payload;
    return new Outbound(Target.DEAD_LETTER, r.deviceId(), NO_SEQ, mqttTopic, receivedAtMillis, kept,
        r.reason() + "\n" + payload.length + "\n" + r.detail());
  }

  /** This telemetry record tagged with the local model that judges it; unchanged when {@code model} is null. */
  public Outbound withModel(String model, String modelVersion) {
    if (model == null) return this;
    return new Outbound(target, deviceId, seq, mqttTopic, receivedAtMillis, value, meta + "\n" + model + "\n" + modelVersion);
  }

  /** The Kafka headers of this record as forwarded by gateway {@code gatewayId}. */
  public List<Header> headers(String gatewayId) {
    List<Header> h = new ArrayList<>(6);
    h.add(new Header(H_GATEWAY, utf8(gatewayId)));
    h.add(new Header(H_RECEIVED_AT, utf8(Long.toString(receivedAtMillis))));
    String[] parts = meta.split("\n", 3);
    if (target == Target.TELEMETRY) {
      int slash = parts[0].indexOf('/');
      h.add(new Header(H_FORMAT, utf8(parts[0].substring(0, slash))));
      h.add(new Header(H_SCHEMA_VERSION, utf8(parts[0].substring(slash + 1))));
      if (parts.length == 3) {
        h.add(new Header(H_MODEL, utf8(parts[1])));
        h.add(new Header(H_MODEL_VERSION, utf8(parts[2])));
      }
    } else {
      h.add(new Header(H_REASON, utf8(parts[0])));
      h.add(new Header(H_DETAIL, utf8(parts.length > 2 ? parts[2] : "")));
      h.add(new Header(H_MQTT_TOPIC, utf8(mqttTopic)));
      h.add(new Header(H_ORIGINAL_BYTES, utf8(parts.length > 1 ? parts[1] : "")));
    }
    return h;
  }

  /** Kafka key: the device id (null for a dead letter whose topic named no device). */
  public byte[] key() {
    return deviceId == null ? null : utf8(deviceId);
  }

  /** Bytes this entry counts against the disk budget. */
  public long cost() {
    return ENTRY_OVERHEAD + value.length + mqttTopic.length() + meta.length() + (deviceId == null ? 0 : deviceId.length());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
