package io.iotlakehouse.registry.contract;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binary bodies are recorded only as {@code "<binary N bytes sha256=H>"}. This class regenerates the ones the
 * recordings use (the README describes them) and checks downloads against such descriptors.
 */
final class BinaryPayloads {
  static final Pattern DESCRIPTOR = Pattern.compile("<binary (\\d+) bytes sha256=([0-9a-f]{64})>");

  private BinaryPayloads() {
  }

  static boolean isDescriptor(String text) {
    return text != null && DESCRIPTOR.matcher(text).matches();
  }

  /** The bytes behind a descriptor; fails with an explanation when no known payload has that digest. */
  static byte[] regenerate(String descriptor) {
    Matcher m = DESCRIPTOR.matcher(descriptor);
    if (!m.matches()) {
      throw new IllegalArgumentException("Not a binary descriptor: " + descriptor);
    }
    for (byte[] candidate : List.of(rangeThenZeroFf())) {
      if (describe(candidate).equals(descriptor)) {
        return candidate;
      }
    }
    throw new IllegalStateException("The recording uploads a binary payload (" + descriptor + ") that the replayer "
        + "cannot regenerate. Add its generator to BinaryPayloads.");
  }

  /** {@code bytes(range(256))} followed by 64 repetitions of {@code 00 ff}: 384 bytes. */
  static byte[] rangeThenZeroFf() {
    byte[] bytes = new byte[384];
    for (int i = 0; i < 256; i++) {
      bytes[i] = (byte) i;
    }
    for (int i = 0; i < 64; i++) {
      bytes[256 + 2 * i] = 0;
      bytes[257 + 2 * i] = (byte) 0xff;
    }
    return bytes;
  }

  static String describe(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "<binary " + bytes.length + " bytes sha256=" + HexFormat.of().formatHex(digest) + ">";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
