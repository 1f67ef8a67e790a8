package io.iotlakehouse.edge.transform;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One record the gateway owes Kafka, as it is buffered: target topic, key, value and headers, plus the device and
 * seq it carries (for seq validation, drop logs and the audit). Built from a {@link Verdict}: accepted events go to
 * the telemetry topic keyed by device_id with {@code lakehouse.format} and {@code lakehouse.schema-version}; rejected
 * payloads go to the dead-letter topic (truncated to the payload limit) with the reason headers. Pure.
 *
 * @param seq the event's seq, or {@link #NO_SEQ} for dead letters
 */
public record Outbound(Target target, String deviceId, long seq, String mqttTopic, long receivedAtMillis, byte[] value,
    List<Header> headers) {
  public static final String H_GATEWAY = "lakehouse.gateway";
  public static final String H_RECEIVED_AT = "lakehouse.received-at";
  public static final String H_FORMAT = "lakehouse.format";
  public static final String H_SCHEMA_VERSION = "lakehouse.schema-version";
  public static final String H_REASON = "lakehouse.reason";
  public static final String H_DETAIL = "lakehouse.detail";
  public static final String H_MQTT_TOPIC = "lakehouse.mqtt-topic";
  public static final String H_ORIGINAL_BYTES = "lakehouse.original-bytes";
  public static final long NO_SEQ = -1;
  /** Fixed per-entry cost counted against the disk budget on top of value, headers and ids (row and index overhead). */
  public static final int ENTRY_OVERHEAD = 64;

  public enum Target { TELEMETRY, DEAD_LETTER }

  public record Header(String name, byte[] value) {}

  public static Outbound of(Verdict verdict, String mqttTopic, byte[] payload, long receivedAtMillis, String gatewayId,
      int maxPayload) {
    List<Header> h = new ArrayList<>(6);
    h.add(new Header(H_GATEWAY, utf8(gatewayId)));
    h.add(new Header(H_RECEIVED_AT, utf8(Long.toString(receivedAtMillis))));
    if (verdict instanceof Verdict.Accepted a) {
      h.add(new Header(H_FORMAT, utf8(a.format().name().toLowerCase(Locale.ROOT))));
      h.add(new Header(H_SCHEMA_VERSION, utf8(Integer.toString(a.schemaVersion()))));
      return new Outbound(Target.TELEMETRY, a.event().deviceId(), a.event().seq(), mqttTopic, receivedAtMillis, payload, h);
    }
    Verdict.Rejected r = (Verdict.Rejected) verdict;
    h.add(new Header(H_REASON, utf8(r.reason())));
    h.add(new Header(H_DETAIL, utf8(r.detail())));
    h.add(new Header(H_MQTT_TOPIC, utf8(mqttTopic)));
    h.add(new Header(H_ORIGINAL_BYTES, utf8(Integer.toString(payload.length))));
    byte[] kept = payload.length > maxPayload ? Arrays.copyOf(payload, maxPayload) : payload;
    return new Outbound(Target.DEAD_LETTER, r.deviceId(), NO_SEQ, mqttTopic, receivedAtMillis, kept, h);
  }

  /** Kafka key: the device id (null for a dead letter whose topic named no device). */
  public byte[] key() {
    return deviceId == null ? null : utf8(deviceId);
  }

  /** Bytes this entry counts against the disk budget. */
  public long cost() {
    long c = ENTRY_OVERHEAD + value.length + mqttTopic.length() + (deviceId == null ? 0 : deviceId.length());
    for (Header x : headers) c += x.name().length() + x.value().length;
    return c;
  }

  /** Headers as stored in the buffer: count, then (UTF name, length, bytes) each. */
  public byte[] encodeHeaders() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeShort(headers.size());
      for (Header x : headers) {
        out.writeUTF(x.name());
        out.writeInt(x.value().length);
        out.write(x.value());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static List<Header> decodeHeaders(byte[] encoded) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
      int n = in.readUnsignedShort();
      List<Header> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String name = in.readUTF();
        byte[] v = new byte[in.readInt()];
        in.readFully(v);
        out.add(new Header(name, v));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt buffered headers", e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
