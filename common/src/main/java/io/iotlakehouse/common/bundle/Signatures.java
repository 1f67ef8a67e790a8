package io.iotlakehouse.common.bundle;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/** Ed25519 sign and verify (the JDK's provider). */
final class Signatures {
  private Signatures() {}

  static byte[] sign(PrivateKey key, byte[] data) {
    try {
      Signature s = Signature.getInstance(BundleLayout.ALGORITHM);
      s.initSign(key);
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with this key (an Ed25519 private key is needed): " + e.getMessage(), e);
    }
  }

  static boolean verify(PublicKey key, byte[] data, byte[] signature) {
    try {
      Signature s = Signature.getInstance(BundleLayout.ALGORITHM);
      s.initVerify(key);
      s.update(data);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // a malformed signature is as bad as a wrong one
    }
  }
}
