package io.iotlakehouse.common.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * PEM certificates and unencrypted PKCS#8 private keys, read and written with the JDK alone (no Bouncy Castle on a
 * gateway or in a Spark JVM), and the key and trust managers a TLS client builds from them.
 */
public final class Pem {
  private static final Pattern KEY = Pattern.compile(
      "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
  private static final char[] IN_MEMORY = new char[0];

  private Pem() {}

  /** Every certificate in a PEM file, in file order (a chain: leaf first). */
  public static List<X509Certificate> certificates(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) out.add((X509Certificate) c);
      if (out.isEmpty()) throw new IOException("no certificate in the file");
      return out;
    } catch (IOException | GeneralSecurityException e) {
      throw TlsErrors.unreadable(file, "PEM certificates", e);
    }
  }

  /** The unencrypted PKCS#8 private key (EC or RSA) of a PEM file. */
  public static PrivateKey privateKey(Path file) {
    try {
      Matcher m = KEY.matcher(Files.readString(file, StandardCharsets.US_ASCII));
      if (!m.find()) throw new IOException("no -----BEGIN PRIVATE KEY----- block");
      PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(1).strip()));
      GeneralSecurityException last = null;
      for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
        try {
          return KeyFactory.getInstance(algorithm).generatePrivate(spec);
        } catch (GeneralSecurityException e) {
          last = e;
        }
      }
      throw last;
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw TlsErrors.unreadable(file, "an unencrypted PKCS#8 private key", e);
    }
  }

  /** Key managers presenting the chain of {@code certificateChain} with the key of {@code keyFile}. */
  public static KeyManagerFactory keyManagers(Path certificateChain, Path keyFile) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("identity", privateKey(keyFile), IN_MEMORY,
          certificates(certificateChain).toArray(new Certificate[0]));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, IN_MEMORY);
      return kmf;
    } catch (IOException | GeneralSecurityException e) {
      throw TlsErrors.unreadable(keyFile, "a private key matching " + certificateChain, e);
    }
  }

  /** Trust managers trusting exactly the certificates (CAs) of a PEM file. */
  public static TrustManagerFactory trustManagers(Path caFile) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      int i = 0;
      for (X509Certificate c : certificates(caFile)) ks.setCertificateEntry("ca-" + i++, c);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      return tmf;
    } catch (IOException | GeneralSecurityException e) {
      throw TlsErrors.unreadable(caFile, "PEM CA certificates", e);
    }
  }

  /** PEM text of certificates (a chain: leaf first). */
  public static String encodeCertificates(List<X509Certificate> chain) {
    StringBuilder sb = new StringBuilder();
    try {
      for (X509Certificate c : chain) sb.append(block("CERTIFICATE", c.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encode certificate", e);
    }
    return sb.toString();
  }

  /** PEM text of a private key as unencrypted PKCS#8. */
  public static String encodePrivateKey(PrivateKey key) {
    if (!"PKCS#8".equals(key.getFormat())) throw new IllegalArgumentException("not a PKCS#8 key: " + key.getFormat());
    return block("PRIVATE KEY", key.getEncoded());
  }

  private static String block(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
