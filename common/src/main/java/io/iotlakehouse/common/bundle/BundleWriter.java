package io.iotlakehouse.common.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Builds a signed bundle directory: the model files, {@code manifest.json} (canonical JSON listing every file with its
 * SHA-256 and size) and {@code manifest.sig} (Ed25519 over the manifest bytes, written last). The directory is
 * assembled under a hidden staging name beside the target and renamed into place in one step, so a folder watched by
 * a gateway never shows a half-written bundle.
 */
public final class BundleWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What was written: the bundle id (SHA-256 of the manifest bytes), the manifest and the signing key's id. */
  public record Written(String id, BundleManifest manifest, String keyId, Path dir) {}

  private final String name;
  private final String version;
  private final String kind;
  private String registryModel;
  private String registryVersion;
  private String runId;
  private final Map<String, String> trainingData = new TreeMap<>();
  private String featureSpec;
  private final Map<String, String> parameters = new TreeMap<>();
  private Instant createdAt;
  private final Map<String, Path> files = new LinkedHashMap<>();

  public BundleWriter(String name, String version, String kind) {
    this.name = name;
    this.version = version;
    this.kind = kind;
  }

  public BundleWriter registry(String model, String modelVersion) {
    this.registryModel = model;
    this.registryVersion = modelVersion;
    return this;
  }

  public BundleWriter runId(String id) {
    this.runId = id;
    return this;
  }

  public BundleWriter trainingData(String dataSet, String dataVersion) {
    trainingData.put(dataSet, dataVersion);
    return this;
  }

  /** Marks {@code path} (one of the files) as the feature spec. */
  public BundleWriter featureSpec(String path) {
    this.featureSpec = path;
    return this;
  }

  public BundleWriter parameter(String key, String value) {
    parameters.put(key, value);
    return this;
  }

  public BundleWriter createdAt(Instant at) {
    this.createdAt = at;
    return this;
  }

  /** Adds {@code source} to the bundle as {@code path}. */
  public BundleWriter file(String path, Path source) {
    if (files.put(path, source) != null) throw new IllegalArgumentException("file " + path + " added twice");
    return this;
  }

  /**
   * Writes the signed bundle as directory {@code target}, which must not exist yet.
   *
   * @throws IllegalArgumentException when the metadata is invalid (the manifest's rules)
   */
  public Written write(Path target, KeyPair key) throws IOException {
    if (Files.exists(target)) throw new IOException(target + " already exists; a bundle is written once, as a new folder");
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path staging = parent.resolve("." + target.getFileName() + ".staging-" + System.nanoTime());
    try {
      List<BundleFile> listed = new ArrayList<>();
      for (Map.Entry<String, Path> f : files.entrySet()) {
        if (!BundleFile.safePath(f.getKey())) throw new IllegalArgumentException("'" + f.getKey() + "' is not a safe bundle path");
        byte[] bytes = Files.readAllBytes(f.getValue());
        Path dest = staging.resolve(f.getKey());
        Files.createDirectories(dest.getParent());
        Files.write(dest, bytes);
        listed.add(new BundleFile(f.getKey(), Hashing.sha256Hex(bytes), bytes.length));
      }
      BundleManifest manifest = new BundleManifest(BundleManifest.FORMAT, name, version, kind, registryModel,
          registryVersion, runId, trainingData, featureSpec, parameters, createdAt == null ? null : createdAt.toString(), listed);
      byte[] manifestBytes = manifest.canonicalBytes();
      String keyId = SigningKeys.keyId(key.getPublic());
      Map<String, String> sig = new TreeMap<>();
      sig.put("algorithm", BundleLayout.ALGORITHM);
      sig.put("key_id", keyId);
      sig.put("signature", Base64.getEncoder().encodeToString(Signatures.sign(key.getPrivate(), manifestBytes)));
      Files.createDirectories(staging);
      Files.write(staging.resolve(BundleLayout.MANIFEST), manifestBytes);
      Files.write(staging.resolve(BundleLayout.SIGNATURE), JSON.writeValueAsBytes(sig));
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      return new Written(Hashing.sha256Hex(manifestBytes), manifest, keyId, target);
    } finally {
      deleteTree(staging);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
