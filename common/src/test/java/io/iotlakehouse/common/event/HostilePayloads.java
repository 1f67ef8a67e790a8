package io.iotlakehouse.common.event;

import java.util.Arrays;

/** Payloads built to hurt a decoder, shared by the tests of every module that decodes events (common test-jar). */
public final class HostilePayloads {
  private HostilePayloads() {}

  /** A valid Avro header followed by a device_id that declares {@code length} bytes and carries one: 15 bytes in all. */
  public static byte[] avroDeclaringString(long length) {
    byte[] header = Arrays.copyOf(new TelemetryCodec().encodeAvro(
        new Telemetry("env-001", 1, 1_790_000_000_000L, new Payload.Env(20, 50))), 10);
    byte[] out = Arrays.copyOf(header, 24);
    int i = 10;
    long v = (length << 1) ^ (length >> 63); // zigzag varint, as Avro writes lengths
    while ((v & ~0x7FL) != 0) {
      out[i++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out[i++] = (byte) v;
    out[i++] = 'x';
    return Arrays.copyOf(out, i);
  }
}
