package io.iotlakehouse.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.common.event.MalformedEventException.Reason;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroWireGuardTest {
  private final TelemetryCodec codec = new TelemetryCodec();
  private final AvroWireGuard guard = new AvroWireGuard(Map.of(
      SchemaNormalization.parsingFingerprint64(TelemetryCodec.schema(1)), TelemetryCodec.schema(1),
      SchemaNormalization.parsingFingerprint64(TelemetryCodec.schema(2)), TelemetryCodec.schema(2)));

  static java.util.stream.Stream<Telemetry> events() {
    return TelemetryCodecTest.events();
  }

  @ParameterizedTest
  @MethodSource("events")
  void wellFormedEventsPass(Telemetry event) {
    assertThat(guard.check(codec.encodeAvro(event))).isNull();
  }

  @Test
  void aHugeDeclaredStringIsRejectedByTheCodecBeforeAnythingIsAllocated() {
    byte[] evil = HostilePayloads.avroDeclaringString(2_000_000_000L);
    assertThat(evil.length).isLessThan(20);
    assertThatThrownBy(() -> codec.decode(evil))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("Avro payload is corrupt or truncated: Telemetry.device_id declares 2000000000 bytes but only 1 remain")
        .satisfies(e -> assertThat(((MalformedEventException) e).reason()).isEqualTo(Reason.UNDECODABLE));
  }

  @Test
  void aHugeDeclaredArrayIsRejected() {
    byte[] ok = codec.encodeAvro(new Telemetry("truck-0001", 1, 1_790_000_000_000L,
        new Payload.Truck(52, 13, 50, 2000, 90, 300, 50, List.of())), 1);
    // v1: the last byte is fault_codes' end-of-array 0: declare 1e9 items instead (zigzag varint)
    byte[] evil = Arrays.copyOf(ok, ok.length + 4);
    long v = 1_000_000_000L << 1;
    int i = ok.length - 1;
    while ((v & ~0x7FL) != 0) {
      evil[i++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    evil[i++] = (byte) v;
    byte[] payload = Arrays.copyOf(evil, i);
    assertThat(guard.check(payload)).contains("fault_codes declares 1000000000 items but only 0 bytes remain");
    assertThatThrownBy(() -> codec.decode(payload)).isInstanceOf(MalformedEventException.class);
  }

  @Test
  void everyTruncationIsRejectedByGuardAndCodecAlike() {
    byte[] ok = codec.encodeAvro(TelemetryCodecTest.events().toList().get(2));
    for (int len = 10; len < ok.length; len++) {
      byte[] truncated = Arrays.copyOf(ok, len);
      assertThat(guard.check(truncated)).as("truncated to %d", len).isNotNull();
      assertThatThrownBy(() -> codec.decode(truncated)).isInstanceOf(MalformedEventException.class);
    }
  }

  @Test
  void unknownFingerprintsAndShortHeadersAreLeftToTheCodec() {
    byte[] b = codec.encodeAvro(TelemetryCodecTest.events().toList().get(0));
    b[5] ^= 0x11;
    assertThat(guard.check(b)).isNull();
    assertThat(guard.check(new byte[] {(byte) 0xC3, 0x01, 1, 2})).isNull();
  }
}
