package io.iotlakehouse.common.event;

/** How an event is encoded on the wire. Detected from the first bytes, so no header is required. */
public enum PayloadFormat {
  /** Avro single-object encoding: 0xC3 0x01, 8-byte schema fingerprint (little endian), Avro binary. */
  AVRO,
  /** A UTF-8 JSON object. */
  JSON;

  public static PayloadFormat detect(byte[] bytes) {
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xC3 && bytes[1] == 0x01) return AVRO;
    for (byte b : bytes) {
      if (b == '{') return JSON;
      if (!Character.isWhitespace(b)) break;
    }
    return null;
  }

  public String contentType() {
    return this == AVRO ? "application/vnd.iotlakehouse.telemetry+avro" : "application/json";
  }
}
