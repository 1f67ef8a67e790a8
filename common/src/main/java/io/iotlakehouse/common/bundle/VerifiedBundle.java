package io.iotlakehouse.common.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A bundle whose signature and files checked out, with the verified bytes of its files in memory: load the model from
 * these (or from {@link #extractTo}), never from the folder again, so nothing changed after the check is ever used.
 *
 * @param id SHA-256 of the manifest bytes (hex): the bundle's content address
 * @param keyId the trusted key that signed it
 * @param files path -> verified bytes
 */
public record VerifiedBundle(String id, BundleManifest manifest, String keyId, Map<String, byte[]> files) {
  public VerifiedBundle {
    files = Map.copyOf(files);
  }

  /** The verified bytes of a listed file. */
  public byte[] bytes(String path) {
    byte[] b = files.get(path);
    if (b == null) throw new IllegalArgumentException("bundle " + manifest.label() + " has no file " + path);
    return b;
  }

  public boolean has(String path) {
    return files.containsKey(path);
  }

  /** Writes the verified files under {@code dir} (for loaders that only read files). */
  public void extractTo(Path dir) throws IOException {
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Path p = dir.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, f.getValue());
    }
  }

  /** The first 12 hex digits of the id, enough to tell bundles apart in logs. */
  public String shortId() {
    return id.substring(0, 12);
  }
}
