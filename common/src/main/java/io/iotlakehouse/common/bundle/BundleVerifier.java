package io.iotlakehouse.common.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Checks a bundle directory against trusted keys, in this order, and refuses it with a {@link BundleException} at the
 * first problem: the signature file names a trusted key ({@code unknown_key}); its Ed25519 signature matches the
 * manifest bytes ({@code bad_signature}); the manifest is well-formed ({@code malformed}); the folder holds exactly the
 * listed files ({@code missing_file}, {@code extra_file}); their total size is within the limit ({@code too_large});
 * each is a regular file (not a link) with the listed size and SHA-256 ({@code file_mismatch}). Thread-safe.
 */
public final class BundleVerifier {
  /** Manifests and signature files are small; a larger one is refused before it is parsed. */
  static final int MAX_METADATA_BYTES = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TrustedKeys trusted;
  private final long maxBytes;

  /** @param maxBytes most bytes of listed files a bundle may hold */
  public BundleVerifier(TrustedKeys trusted, long maxBytes) {
    this.trusted = trusted;
    this.maxBytes = maxBytes;
  }

  public VerifiedBundle verify(Path dir) {
    byte[] sigBytes = readMetadata(dir, BundleLayout.SIGNATURE);
    byte[] manifestBytes = readMetadata(dir, BundleLayout.MANIFEST);
    JsonNode sig;
    try {
      sig = JSON.readTree(sigBytes);
    } catch (IOException e) {
      throw BundleException.malformed(dir, BundleLayout.SIGNATURE, "not JSON");
    }
    if (sig == null || !BundleLayout.ALGORITHM.equals(sig.path("algorithm").asText())) {
      throw BundleException.malformed(dir, BundleLayout.SIGNATURE, "its algorithm must be " + BundleLayout.ALGORITHM);
    }
    String keyId = sig.path("key_id").asText();
    PublicKey key = trusted.get(keyId);
    if (key == null) throw BundleException.unknownKey(dir, keyId, trusted.ids());
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(sig.path("signature").asText());
    } catch (IllegalArgumentException e) {
      throw BundleException.malformed(dir, BundleLayout.SIGNATURE, "its signature is not base64");
    }
    if (!Signatures.verify(key, manifestBytes, signature)) throw BundleException.badSignature(dir, keyId);

    BundleManifest manifest;
    try {
      manifest = BundleManifest.parse(manifestBytes);
    } catch (IllegalArgumentException e) {
      throw BundleException.malformed(dir, BundleLayout.MANIFEST, e.getMessage());
    }
    Set<String> present = listFiles(dir);
    for (BundleFile f : manifest.files()) {
      if (!present.remove(f.path())) throw BundleException.missingFile(dir, f.path());
    }
    if (!present.isEmpty()) throw BundleException.extraFile(dir, present.iterator().next());
    long total = manifest.files().stream().mapToLong(BundleFile::size).sum();
    if (total > maxBytes) throw BundleException.tooLarge(dir, total, maxBytes);

    Map<String, byte[]> files = new HashMap<>();
    for (BundleFile f : manifest.files()) {
      Path p = dir.resolve(f.path());
      byte[] bytes;
      try {
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          throw BundleException.fileMismatch(dir, f.path(), "it is a link or a special file, not a regular file");
        }
        long size = Files.size(p);
        if (size != f.size()) {
          throw BundleException.fileMismatch(dir, f.path(), "it has " + size + " bytes, the manifest says " + f.size());
        }
        bytes = Files.readAllBytes(p);
      } catch (IOException e) {
        throw BundleException.unreadable(dir, "reading " + f.path() + ": " + e, e);
      }
      String hash = Hashing.sha256Hex(bytes);
      if (!hash.equals(f.sha256())) {
        throw BundleException.fileMismatch(dir, f.path(), "its SHA-256 is " + hash + ", the manifest says " + f.sha256());
      }
      files.put(f.path(), bytes);
    }
    return new VerifiedBundle(Hashing.sha256Hex(manifestBytes), manifest, keyId, files);
  }

  private static byte[] readMetadata(Path dir, String name) {
    Path p = dir.resolve(name);
    try {
      if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        throw BundleException.unreadable(dir, "it has no " + name + " (a bundle is a folder with " + BundleLayout.MANIFEST
            + ", " + BundleLayout.SIGNATURE + " and the files the manifest lists)", null);
      }
      if (Files.size(p) > MAX_METADATA_BYTES) {
        throw BundleException.malformed(dir, name, "it is larger than " + MAX_METADATA_BYTES + " bytes");
      }
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw BundleException.unreadable(dir, "reading " + name + ": " + e, e);
    }
  }

  /** Relative paths of every non-directory entry except the manifest and its signature. */
  private static Set<String> listFiles(Path dir) {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .map(p -> dir.relativize(p).toString().replace(java.io.File.separatorChar, '/'))
          .filter(p -> !p.equals(BundleLayout.MANIFEST) && !p.equals(BundleLayout.SIGNATURE))
          .forEach(out::add);
    } catch (IOException e) {
      throw BundleException.unreadable(dir, "listing its files: " + e, e);
    }
    return out;
  }
}
