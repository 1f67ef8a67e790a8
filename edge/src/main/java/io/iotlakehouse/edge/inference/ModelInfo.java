package io.iotlakehouse.edge.inference;

import io.iotlakehouse.common.bundle.VerifiedBundle;

/** Which bundle a model came from: name, version, kind, bundle id (SHA-256 of its manifest) and the signing key. */
public record ModelInfo(String name, String version, String kind, String bundleId, String keyId) {
  public static ModelInfo of(VerifiedBundle b) {
    return new ModelInfo(b.manifest().name(), b.manifest().version(), b.manifest().kind(), b.id(), b.keyId());
  }

  /** {@code name@version}. */
  public String label() {
    return name + "@" + version;
  }

  /** The bundle id's first 12 hex digits. */
  public String shortId() {
    return bundleId.substring(0, 12);
  }
}
