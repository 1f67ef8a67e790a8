package io.iotlakehouse.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.common.event.MalformedEventException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TelemetryCodecTest {
  private final TelemetryCodec codec = new TelemetryCodec();

  static Stream<Telemetry> events() {
    return Stream.of(
        new Telemetry("env-001", 1, 1_790_000_000_000L, new Payload.Env(21.5, 40.25)),
        new Telemetry("truck-0042", 7, 1_790_000_000_500L,
            new Payload.Truck(52.1, 13.4, 88.0, 1650, 92.5, 310, 55.5, List.of("P0301", "P0420"))),
        new Telemetry("turbofan-001", 192, 1_790_000_001_000L,
            new Payload.Turbofan(1, 192, List.of(-0.0007, -0.0004, 100.0), Collections.nCopies(21, 518.67))),
        new Telemetry("env-002", 3, 1_790_000_002_000L, new Payload.Env(19.0, 51.5), "2.4.1-rc1"));
  }

  @ParameterizedTest
  @MethodSource("events")
  void avroRoundTripKeepsEveryField(Telemetry event) throws Exception {
    byte[] bytes = codec.encodeAvro(event);
    assertThat(PayloadFormat.detect(bytes)).isEqualTo(PayloadFormat.AVRO);
    TelemetryCodec.Decoded d = codec.decode(bytes);
    assertThat(d.event()).isEqualTo(event);
    assertThat(d.format()).isEqualTo(PayloadFormat.AVRO);
    assertThat(d.schemaVersion()).isEqualTo(TelemetryCodec.LATEST_VERSION).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("events")
  void aV1DeviceIsStillReadAndItsFirmwareIsUnknown(Telemetry event) throws Exception {
    TelemetryCodec.Decoded d = codec.decode(codec.encodeAvro(event, 1));
    assertThat(d.schemaVersion()).isEqualTo(1);
    assertThat(d.event()).isEqualTo(new Telemetry(event.deviceId(), event.seq(), event.eventTimeMillis(), event.payload()));
    assertThat(d.event().firmwareVersion()).isNull();
  }

  @ParameterizedTest
  @MethodSource("events")
  void v1AndV2HaveDistinctFingerprintsAndV2OnlyAddsTheOptionalField(Telemetry event) {
    byte[] v1 = codec.encodeAvro(event, 1);
    byte[] v2 = codec.encodeAvro(event, 2);
    assertThat(java.util.Arrays.copyOfRange(v1, 2, 10)).isNotEqualTo(java.util.Arrays.copyOfRange(v2, 2, 10));
    // union branch index (1 byte) + the string, or just the null branch
    int firmwareBytes = event.firmwareVersion() == null ? 1 : 2 + event.firmwareVersion().length();
    assertThat(v2.length - v1.length).isEqualTo(firmwareBytes);
  }

  @ParameterizedTest
  @MethodSource("events")
  void jsonRoundTripKeepsEveryField(Telemetry event) throws Exception {
    byte[] bytes = codec.encodeJson(event);
    assertThat(PayloadFormat.detect(bytes)).isEqualTo(PayloadFormat.JSON);
    assertThat(codec.decode(bytes).event()).isEqualTo(event);
  }

  @ParameterizedTest
  @MethodSource("events")
  void avroIsCompactEnoughForHighRateTopics(Telemetry event) {
    assertThat(codec.encodeAvro(event).length).isLessThan(codec.encodeJson(event).length);
  }

  static Stream<Arguments> malformed() {
    byte[] avro = new TelemetryCodec().encodeAvro(new Telemetry("env-001", 1, 1_790_000_000_000L, new Payload.Env(1, 2)));
    byte[] unknownFingerprint = avro.clone();
    unknownFingerprint[5] ^= 0x5a;
    byte[] truncated = java.util.Arrays.copyOf(avro, avro.length - 4);
    return Stream.of(
        Arguments.of("empty", new byte[0], Reason.EMPTY),
        Arguments.of("plain text", "hello world".getBytes(StandardCharsets.UTF_8), Reason.UNKNOWN_FORMAT),
        Arguments.of("binary garbage", new byte[] {0x00, 0x13, 0x7f, (byte) 0xff}, Reason.UNKNOWN_FORMAT),
        Arguments.of("unknown avro schema", unknownFingerprint, Reason.UNKNOWN_SCHEMA),
        Arguments.of("truncated avro", truncated, Reason.UNDECODABLE),
        Arguments.of("broken json", json("{\"device_id\": \"a\""), Reason.UNDECODABLE),
        Arguments.of("json array", json("[1,2]"), Reason.UNKNOWN_FORMAT),
        Arguments.of("missing device_id", json("{\"seq\":1,\"event_time\":1,\"kind\":\"env\",\"payload\":{}}"), Reason.MISSING_DEVICE_ID),
        Arguments.of("numeric device_id", json("{\"device_id\":5,\"seq\":1}"), Reason.MISSING_DEVICE_ID),
        Arguments.of("device_id with slash", env("\"a/b\"", "1", "1790000000000"), Reason.MISSING_DEVICE_ID),
        Arguments.of("seq as string", env("\"d1\"", "\"1\"", "1790000000000"), Reason.BAD_SEQ),
        Arguments.of("seq fractional", env("\"d1\"", "1.5", "1790000000000"), Reason.BAD_SEQ),
        Arguments.of("seq zero", env("\"d1\"", "0", "1790000000000"), Reason.BAD_SEQ),
        Arguments.of("event_time garbage", env("\"d1\"", "1", "\"yesterday\""), Reason.BAD_EVENT_TIME),
        Arguments.of("negative event_time", env("\"d1\"", "1", "-5"), Reason.BAD_EVENT_TIME),
        Arguments.of("instant beyond epoch millis", env("\"d1\"", "1", "\"+300000000-01-01T00:00:00Z\""), Reason.BAD_EVENT_TIME),
        Arguments.of("null fault code", json("{\"device_id\":\"t1\",\"seq\":1,\"event_time\":1,\"kind\":\"truck\",\"payload\":{\"lat\":1,\"lon\":1,\"speed_kmh\":1,\"engine_rpm\":1,\"engine_temp_c\":1,\"oil_pressure_kpa\":1,\"fuel_level_pct\":1,\"fault_codes\":[null]}}"), Reason.BAD_PAYLOAD),
        Arguments.of("avro declaring a 2 GB device_id", HostilePayloads.avroDeclaringString(2_000_000_000L), Reason.UNDECODABLE),
        Arguments.of("unknown kind", json("{\"device_id\":\"d1\",\"seq\":1,\"event_time\":1,\"kind\":\"toaster\",\"payload\":{}}"), Reason.BAD_PAYLOAD),
        Arguments.of("payload wrong type", json("{\"device_id\":\"d1\",\"seq\":1,\"event_time\":1,\"kind\":\"env\",\"payload\":{\"temperature_c\":\"hot\",\"humidity_pct\":1}}"), Reason.BAD_PAYLOAD),
        Arguments.of("firmware not a string", json("{\"device_id\":\"d1\",\"seq\":1,\"event_time\":1,\"kind\":\"env\",\"firmware_version\":7,\"payload\":{\"temperature_c\":1,\"humidity_pct\":2}}"), Reason.BAD_PAYLOAD),
        Arguments.of("firmware with spaces", json("{\"device_id\":\"d1\",\"seq\":1,\"event_time\":1,\"kind\":\"env\",\"firmware_version\":\"1 2\",\"payload\":{\"temperature_c\":1,\"humidity_pct\":2}}"), Reason.BAD_PAYLOAD),
        Arguments.of("turbofan short sensors", json("{\"device_id\":\"d1\",\"seq\":1,\"event_time\":1,\"kind\":\"turbofan\",\"payload\":{\"unit\":1,\"cycle\":1,\"settings\":[1,2,3],\"sensors\":[1]}}"), Reason.BAD_PAYLOAD));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedPayloadsAreRejectedWithAReason(String name, byte[] bytes, Reason reason) {
    assertThatThrownBy(() -> codec.decode(bytes))
        .isInstanceOf(MalformedEventException.class)
        .satisfies(e -> assertThat(((MalformedEventException) e).reason()).isEqualTo(reason))
        .hasMessageNotContaining("null");
  }

  @ParameterizedTest
  @MethodSource("events")
  void jsonAcceptsIsoTimestamps(Telemetry event) throws Exception {
    String json = new String(codec.encodeJson(event), StandardCharsets.UTF_8)
        .replace(String.valueOf(event.eventTimeMillis()), "\"" + java.time.Instant.ofEpochMilli(event.eventTimeMillis()) + "\"");
    assertThat(codec.decode(json.getBytes(StandardCharsets.UTF_8)).event()).isEqualTo(event);
  }

  private static byte[] env(String id, String seq, String time) {
    return json("{\"device_id\":" + id + ",\"seq\":" + seq + ",\"event_time\":" + time
        + ",\"kind\":\"env\",\"payload\":{\"temperature_c\":1,\"humidity_pct\":2}}");
  }

  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
