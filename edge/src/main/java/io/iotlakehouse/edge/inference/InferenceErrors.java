package io.iotlakehouse.edge.inference;

import io.iotlakehouse.common.error.LakehouseException;
import java.nio.file.Path;

/** User-facing errors of local inference: what happened, why, how to fix it. */
final class InferenceErrors {
  private InferenceErrors() {}

  static LakehouseException unloadable(Path bundle, String label, Throwable cause) {
    return new LakehouseException("Model bundle " + bundle + " (" + label + ") is signed but cannot be loaded",
        cause.getMessage() == null ? cause.toString() : cause.getMessage(),
        "build it with `lakehouse models bundle` from a model folder or rules file that loads (the command checks it "
            + "before signing), and check that this gateway's version serves its kind",
        cause);
  }

  static LakehouseException noTrustedKeys(Path folder) {
    return new LakehouseException("edge.model.dir is set (" + folder + ") but edge.model.trusted-keys is empty",
        "the gateway serves only bundles signed by a key it trusts, so with no key it could serve nothing",
        "set edge.model.trusted-keys to the public key file(s) of your signing key(s), e.g. keys/release.pub "
            + "(`lakehouse models keygen --out keys --name release` makes a dev key pair), or leave edge.model.dir empty");
  }

  static LakehouseException unusableSetup(Path folder, Exception cause) {
    return new LakehouseException("Cannot set up local inference on " + folder, cause.getMessage(),
        "check edge.model.trusted-keys (Ed25519 public keys in PEM, '-----BEGIN PUBLIC KEY-----') and that "
            + "edge.model.dir can be created and read",
        cause);
  }
}
