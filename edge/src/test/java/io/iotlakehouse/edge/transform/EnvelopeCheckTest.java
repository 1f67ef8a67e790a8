package io.iotlakehouse.edge.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.common.event.HostilePayloads;
import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.event.PayloadFormat;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.common.event.TelemetryCodec;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnvelopeCheckTest {
  private static final TelemetryCodec CODEC = new TelemetryCodec();
  private static final Telemetry ENV = new Telemetry("env-001", 5, 1_790_000_000_000L, new Payload.Env(20, 50));
  private final EnvelopeCheck check = new EnvelopeCheck(1024);

  @Test
  void validAvroAndJsonEventsAreAccepted() {
    Verdict avro = check.check("devices/env/env-001/telemetry", CODEC.encodeAvro(ENV, 1));
    Verdict json = check.check("devices/env/env-001/telemetry", CODEC.encodeJson(ENV));
    assertThat(avro).isEqualTo(new Verdict.Accepted(ENV, PayloadFormat.AVRO, 1));
    assertThat(json).isEqualTo(new Verdict.Accepted(ENV, PayloadFormat.JSON, 1));
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        Arguments.of("not avro, not json", "devices/env/env-001/telemetry", "temperature=20".getBytes(StandardCharsets.UTF_8), "unknown_format", "env-001"),
        Arguments.of("oversized", "devices/env/env-001/telemetry", new byte[2048], "oversized", "env-001"),
        Arguments.of("missing device_id", "devices/env/env-001/telemetry",
            "{\"seq\":1,\"event_time\":1,\"kind\":\"env\",\"payload\":{}}".getBytes(StandardCharsets.UTF_8), "missing_device_id", "env-001"),
        Arguments.of("publishing as another device", "devices/env/env-002/telemetry", CODEC.encodeAvro(ENV), "device_mismatch", "env-002"),
        Arguments.of("kind differs from topic", "devices/truck/env-001/telemetry", CODEC.encodeAvro(ENV), "bad_payload", "env-001"),
        Arguments.of("unknown kind in topic", "devices/toaster/env-001/telemetry", CODEC.encodeAvro(ENV), "bad_topic", "env-001"),
        Arguments.of("topic outside the pattern", "sensors/env-001", CODEC.encodeAvro(ENV), "bad_topic", null),
        Arguments.of("empty payload", "devices/env/env-001/telemetry", new byte[0], "empty", "env-001"),
        Arguments.of("15 bytes declaring a 2 GB string", "devices/env/env-001/telemetry", HostilePayloads.avroDeclaringString(2_000_000_000L), "undecodable", "env-001"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void badInputIsRejectedWithAReasonNeverThrown(String name, String topic, byte[] payload, String reason, String device) {
    Verdict v = check.check(topic, payload);
    assertThat(v).isInstanceOf(Verdict.Rejected.class);
    Verdict.Rejected r = (Verdict.Rejected) v;
    assertThat(r.reason()).isEqualTo(reason);
    assertThat(r.detail()).isNotBlank();
    assertThat(r.deviceId()).isEqualTo(device);
  }
}
