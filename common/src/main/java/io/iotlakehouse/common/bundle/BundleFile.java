package io.iotlakehouse.common.bundle;

import java.util.regex.Pattern;

/**
 * One file of a bundle as its manifest lists it.
 *
 * @param path relative, {@code /}-separated, made of {@code [A-Za-z0-9._-]} segments that do not start with a dot
 * @param sha256 lower-case hex SHA-256 of the file's bytes
 * @param size bytes
 */
public record BundleFile(String path, String sha256, long size) {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  /** True for a safe relative path that is not one of the bundle's own files. */
  static boolean safePath(String path) {
    if (path == null || path.length() > 512 || path.equals(BundleLayout.MANIFEST) || path.equals(BundleLayout.SIGNATURE)) {
      return false;
    }
    for (String s : path.split("/", -1)) {
      if (!SEGMENT.matcher(s).matches()) return false;
    }
    return true;
  }

  static boolean validHash(String hex) {
    return hex != null && HEX.matcher(hex).matches();
  }
}
