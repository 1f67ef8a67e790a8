package io.iotlakehouse.common.bundle;

/** File names every bundle directory has besides its listed files. */
public final class BundleLayout {
  private BundleLayout() {}

  /** The manifest, canonical JSON; the bundle id is the SHA-256 of these bytes. */
  public static final String MANIFEST = "manifest.json";
  /** The Ed25519 signature of the manifest bytes, JSON {@code {"algorithm","key_id","signature"}}; written last. */
  public static final String SIGNATURE = "manifest.sig";
  /** The only signature algorithm: Ed25519 (RFC 8032), built into the JDK. */
  public static final String ALGORITHM = "Ed25519";
}
