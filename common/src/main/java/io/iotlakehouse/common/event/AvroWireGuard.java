package io.iotlakehouse.common.event;

import java.util.Map;
import org.apache.avro.Schema;

/**
 * Checks that an Avro single-object payload is structurally sound before the codec decodes it: every string length
 * and array/map item count must fit in the bytes that follow it. Avro's decoder allocates a string or array of the
 * declared size before reading it, so a 15-byte payload declaring a 1-billion-byte device_id makes it allocate 1 GB
 * (measured: OutOfMemoryError with a 512 MB heap). One such row in bronze would kill every silver executor that
 * reads it, again on every retry. Every payload rejected here would also fail in the codec (it ends before the
 * declared data), so the guard changes no verdict, only the cost of reaching it.
 *
 * <p>{@link TelemetryCodec} runs it before every Avro decode, with its writer schemas by fingerprint; a payload with an
 * unknown fingerprint is left to the codec, which rejects it without reading the body.
 */
final class AvroWireGuard {
  private static final int HEADER = 10;
  private final Map<Long, Schema> writers;

  AvroWireGuard(Map<Long, Schema> writers) {
    this.writers = Map.copyOf(writers);
  }

  /**
   * @param bytes a payload starting with the Avro single-object marker 0xC3 0x01
   * @return null when the body fits its writer schema's lengths (or the fingerprint is unknown), else what is wrong
   */
  String check(byte[] bytes) {
    if (bytes.length < HEADER) return null; // the codec reports the short header itself
    long fingerprint = 0;
    for (int i = HEADER - 1; i >= 2; i--) fingerprint = (fingerprint << 8) | (bytes[i] & 0xffL);
    Schema writer = writers.get(fingerprint);
    if (writer == null) return null;
    Cursor c = new Cursor(bytes, HEADER);
    try {
      c.walk(writer, writer.getName());
      return null;
    } catch (Corrupt e) {
      return "Avro payload is corrupt or truncated: " + e.getMessage();
    }
  }

  /** Thrown while walking; no stack trace (hostile input is expected, not exceptional). */
  private static final class Corrupt extends Exception {
    Corrupt(String message) {
      super(message, null, false, false);
    }
  }

  private static final class Cursor {
    private final byte[] b;
    private int pos;

    Cursor(byte[] b, int pos) {
      this.b = b;
      this.pos = pos;
    }

    int remaining() {
      return b.length - pos;
    }

    void skip(int n, String path) throws Corrupt {
      if (n > remaining()) throw new Corrupt(path + " needs " + n + " bytes but only " + remaining() + " remain");
      pos += n;
    }

    long readLong(String path) throws Corrupt {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= b.length) throw new Corrupt("payload ends inside the number " + path);
        int x = b[pos++] & 0xff;
        value |= (long) (x & 0x7f) << shift;
        if ((x & 0x80) == 0) return (value >>> 1) ^ -(value & 1);
      }
      throw new Corrupt(path + " is not a valid Avro varint (more than 10 bytes)");
    }

    void walk(Schema s, String path) throws Corrupt {
      switch (s.getType()) {
        case NULL -> { }
        case BOOLEAN -> skip(1, path);
        case INT, LONG -> readLong(path);
        case FLOAT -> skip(4, path);
        case DOUBLE -> skip(8, path);
        case FIXED -> skip(s.getFixedSize(), path);
        case STRING, BYTES -> {
          long len = readLong(path);
          if (len < 0 || len > remaining()) {
            throw new Corrupt(path + " declares " + len + " bytes but only " + remaining() + " remain");
          }
          pos += (int) len;
        }
        case ENUM -> {
          long i = readLong(path);
          if (i < 0 || i >= s.getEnumSymbols().size()) {
            throw new Corrupt(path + " has enum index " + i + " but " + s.getName() + " has " + s.getEnumSymbols().size() + " symbols");
          }
        }
        case UNION -> {
          long i = readLong(path);
          if (i < 0 || i >= s.getTypes().size()) {
            throw new Corrupt(path + " has union branch " + i + " but the union has " + s.getTypes().size());
          }
          Schema branch = s.getTypes().get((int) i);
          walk(branch, path + "<" + branch.getName() + ">");
        }
        case RECORD -> {
          for (Schema.Field f : s.getFields()) walk(f.schema(), path + "." + f.name());
        }
        case ARRAY -> blocks(s.getElementType(), null, path);
        case MAP -> blocks(s.getValueType(), Schema.create(Schema.Type.STRING), path);
        default -> throw new Corrupt(path + " has unsupported type " + s.getType());
      }
    }

    /** Array or map blocks: count, optional byte size when count is negative, items; a zero count ends them. */
    private void blocks(Schema item, Schema key, String path) throws Corrupt {
      int itemMin = Math.max(1, minSize(item) + (key == null ? 0 : minSize(key)));
      while (true) {
        long count = readLong(path + " item count");
        if (count == 0) return;
        if (count < 0) {
          if (count == Long.MIN_VALUE) throw new Corrupt(path + " has an invalid item count");
          count = -count;
          long size = readLong(path + " block size");
          if (size < 0 || size > remaining()) {
            throw new Corrupt(path + " block declares " + size + " bytes but only " + remaining() + " remain");
          }
        }
        if (count > remaining() / itemMin) {
          throw new Corrupt(path + " declares " + count + " items but only " + remaining() + " bytes remain");
        }
        for (long i = 0; i < count; i++) {
          if (key != null) walk(key, path + " key");
          walk(item, path + "[" + i + "]");
        }
      }
    }
  }

  /** The fewest bytes a value of this schema takes on the wire. */
  static int minSize(Schema s) {
    return switch (s.getType()) {
      case NULL -> 0;
      case FLOAT -> 4;
      case DOUBLE -> 8;
      case FIXED -> s.getFixedSize();
      case RECORD -> s.getFields().stream().mapToInt(f -> minSize(f.schema())).sum();
      case UNION -> 1 + s.getTypes().stream().mapToInt(AvroWireGuard::minSize).min().orElse(0);
      default -> 1; // boolean, varints, length-prefixed strings/bytes, enums, array/map terminators
    };
  }
}
