package io.iotlakehouse.common.bundle;

import io.iotlakehouse.common.error.LakehouseException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;

/** A bundle that must not be served, with why ({@link #reason()}, a stable code for metrics) and how to fix it. */
public final class BundleException extends LakehouseException {
  /** Why a bundle was refused. */
  public enum Reason {
    /** the bundle, its manifest or its signature file cannot be read (missing, I/O error) */
    UNREADABLE,
    /** manifest or signature file is not what the format says */
    MALFORMED,
    /** signed by a key that is not trusted */
    UNKNOWN_KEY,
    /** the signature does not match the manifest bytes: the manifest was changed after signing */
    BAD_SIGNATURE,
    /** a listed file is absent */
    MISSING_FILE,
    /** a file is present that the manifest does not list */
    EXTRA_FILE,
    /** a file's size or SHA-256 differs from the manifest: the file was changed after signing */
    FILE_MISMATCH,
    /** larger than the reader's limit */
    TOO_LARGE;

    /** Lower-case label, e.g. {@code bad_signature}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final String RESIGN = "rebuild and sign it again from the original model files "
      + "(`lakehouse models bundle ... --key <private key>`), and copy it as a whole (stage it under a name starting "
      + "with '.' and rename it into place)";
  private final Reason reason;

  private BundleException(Reason reason, String what, String why, String fix, Throwable cause) {
    super(what, why, fix, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  static BundleException unreadable(Path dir, String detail, Throwable cause) {
    return new BundleException(Reason.UNREADABLE, "Cannot read model bundle " + dir, detail,
        "check that the folder holds a complete bundle (" + BundleLayout.MANIFEST + ", " + BundleLayout.SIGNATURE
            + " and the model files) readable by this process",
        cause);
  }

  static BundleException malformed(Path dir, String file, String detail) {
    return new BundleException(Reason.MALFORMED, "Model bundle " + dir + " has a malformed " + file, detail, RESIGN, null);
  }

  static BundleException unknownKey(Path dir, String keyId, Collection<String> trusted) {
    return new BundleException(Reason.UNKNOWN_KEY, "Model bundle " + dir + " is signed by key " + keyId + ", which is not trusted",
        "only bundles signed by a trusted key are served (trusted key ids: " + (trusted.isEmpty() ? "none" : String.join(", ", trusted)) + ")",
        "if that key is yours, add its public key file to the trusted keys (edge.model.trusted-keys on a gateway); "
            + "otherwise sign the bundle with a trusted key",
        null);
  }

  static BundleException badSignature(Path dir, String keyId) {
    return new BundleException(Reason.BAD_SIGNATURE, "Model bundle " + dir + " has an invalid signature",
        "the Ed25519 signature of key " + keyId + " does not match " + BundleLayout.MANIFEST
            + ": the manifest was changed after it was signed (or the signature belongs to another manifest)", RESIGN, null);
  }

  static BundleException missingFile(Path dir, String path) {
    return new BundleException(Reason.MISSING_FILE, "Model bundle " + dir + " lacks its file " + path,
        "the signed manifest lists it, so the bundle is incomplete (still being copied, or damaged)", RESIGN, null);
  }

  static BundleException extraFile(Path dir, String path) {
    return new BundleException(Reason.EXTRA_FILE, "Model bundle " + dir + " holds a file its manifest does not list: " + path,
        "a bundle holds exactly the files it signs, so nothing unsigned can be loaded with it",
        "remove " + path + " from the bundle folder, or " + RESIGN, null);
  }

  static BundleException fileMismatch(Path dir, String path, String detail) {
    return new BundleException(Reason.FILE_MISMATCH, "Model bundle " + dir + ": file " + path + " is not the signed one",
        detail + ", so it was changed after signing (tampered or damaged)", RESIGN, null);
  }

  static BundleException tooLarge(Path dir, long bytes, long limit) {
    return new BundleException(Reason.TOO_LARGE, "Model bundle " + dir + " is too large",
        "its files hold " + bytes + " bytes, the limit is " + limit,
        "raise the limit (edge.model.max-bundle-bytes on a gateway) if the model really is that big", null);
  }
}
