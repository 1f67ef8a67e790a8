package io.iotlakehouse.common.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 signing keys in the standard PEM files OpenSSL also reads and writes ({@code openssl genpkey -algorithm
 * ed25519}): a private key is PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}), a public key X.509 SubjectPublicKeyInfo
 * ({@code -----BEGIN PUBLIC KEY-----}). A key's id is the first 16 hex digits of the SHA-256 of its public key's
 * encoding: signatures name the key by it, so a verifier holding several trusted keys (rotation) knows which to use.
 */
public final class SigningKeys {
  private static final String PRIVATE = "PRIVATE KEY";
  private static final String PUBLIC = "PUBLIC KEY";

  private SigningKeys() {}

  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(BundleLayout.ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519 (JDK 15+ has it built in)", e);
    }
  }

  /** The key's id: 16 hex digits of SHA-256 over its X.509 encoding. */
  public static String keyId(PublicKey key) {
    return Hashing.sha256Hex(key.getEncoded()).substring(0, 16);
  }

  /**
   * Writes {@code <dir>/<name>.key} (private, owner read/write only where the file system supports it) and
   * {@code <dir>/<name>.pub}; refuses to overwrite an existing key.
   */
  public static void write(KeyPair pair, Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    Path priv = dir.resolve(name + ".key");
    Path pub = dir.resolve(name + ".pub");
    for (Path p : new Path[] {priv, pub}) {
      if (Files.exists(p)) throw new IOException(p + " already exists; a signing key is never overwritten");
    }
    Files.writeString(priv, pem(PRIVATE, pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
    try {
      Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: protect the folder instead
    }
    Files.writeString(pub, pem(PUBLIC, pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
  }

  public static PrivateKey readPrivate(Path file) throws IOException {
    try {
      return KeyFactory.getInstance(BundleLayout.ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(unpem(file, PRIVATE)));
    } catch (GeneralSecurityException e) {
      throw new IOException(file + " is not an Ed25519 private key (PKCS#8 PEM): " + e.getMessage(), e);
    }
  }

  /**
   * A key pair from its private key file and the public key file beside it ({@code name.key} + {@code name.pub}, as
   * {@link #write} leaves them): the signer needs the public half to name the key in the signature.
   */
  public static KeyPair readPair(Path privateKeyFile) throws IOException {
    String name = privateKeyFile.getFileName().toString();
    Path pub = privateKeyFile.resolveSibling((name.endsWith(".key") ? name.substring(0, name.length() - 4) : name) + ".pub");
    if (!Files.isRegularFile(pub)) {
      throw new IOException("no public key " + pub + " beside the private key " + privateKeyFile
          + " (keys come in pairs: name.key and name.pub, as `lakehouse models keygen` writes them)");
    }
    KeyPair pair = new KeyPair(readPublic(pub), readPrivate(privateKeyFile));
    byte[] probe = "key pair check".getBytes(StandardCharsets.US_ASCII);
    if (!Signatures.verify(pair.getPublic(), probe, Signatures.sign(pair.getPrivate(), probe))) {
      throw new IOException(pub + " is not the public half of " + privateKeyFile);
    }
    return pair;
  }

  public static PublicKey readPublic(Path file) throws IOException {
    try {
      return KeyFactory.getInstance(BundleLayout.ALGORITHM).generatePublic(new X509EncodedKeySpec(unpem(file, PUBLIC)));
    } catch (GeneralSecurityException e) {
      throw new IOException(file + " is not an Ed25519 public key (X.509 PEM): " + e.getMessage(), e);
    }
  }

  /** PEM text of a DER encoding. */
  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static byte[] unpem(Path file, String type) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int b = text.indexOf(begin);
    int e = text.indexOf(end);
    if (b < 0 || e < b) throw new IOException(file + " has no '" + begin + "' block");
    try {
      return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
    } catch (IllegalArgumentException x) {
      throw new IOException(file + " holds a damaged PEM block: " + x.getMessage(), x);
    }
  }
}
