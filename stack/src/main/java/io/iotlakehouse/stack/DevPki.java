package io.iotlakehouse.stack;

import io.iotlakehouse.common.tls.ClientTls;
import io.iotlakehouse.common.tls.Pem;
import io.iotlakehouse.common.tls.TlsRole;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The local stack's development PKI: a CA of its own, the brokers' server certificate and one client certificate per
 * device and gateway, as files under one folder (keys EC P-256, signatures SHA256withECDSA):
 * <pre>
 *   ca.crt, ca.key                 the dev CA (10 years)
 *   server.crt, server.key         the brokers' certificate for 127.0.0.1 and localhost (2 years)
 *   server.p12, truststore.p12     the same as PKCS12 key store and trust store (HiveMQ, Kafka), password in store.password
 *   devices/&lt;id&gt;.crt|.key         client certificates, subject CN=&lt;id&gt;, OU=device (2 years)
 *   gateways/&lt;id&gt;.crt|.key        client certificates, subject CN=&lt;id&gt;, OU=gateway (2 years)
 * </pre>
 * Certificates are PEM (a client's file holds its chain: its certificate, then the CA's), keys unencrypted PKCS#8
 * readable by the owner only. Everything is idempotent: a file is reused while it is valid for at least a week more
 * and signed by the current CA, and written again otherwise (atomically, under a lock file, so two processes can
 * issue at once). This is for development and tests only: the CA key sits next to the certificates; in production
 * a real CA issues the certificates and the brokers and clients are pointed at them.
 */
public final class DevPki {
  static final String ORGANIZATION = "IoT lakehouse dev";
  private static final Duration CA_VALIDITY = Duration.ofDays(3650);
  private static final Duration LEAF_VALIDITY = Duration.ofDays(730);
  private static final Duration RENEW_BEFORE = Duration.ofDays(7);
  private static final String NAME_RULE = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String STORE_PASSWORD = "store.password";

  /** The brokers' key store and trust store (PKCS12, one password). */
  public record ServerStores(Path keyStore, Path trustStore, String password) {}

  private final Path dir;
  private X509Certificate ca;
  private PrivateKey caKey;

  private DevPki(Path dir) {
    this.dir = dir.toAbsolutePath();
  }

  /** Opens the PKI folder, creating the CA when it is missing, expiring or unreadable. */
  public static DevPki open(Path dir) {
    DevPki pki = new DevPki(dir);
    pki.locked(() -> null);
    return pki;
  }

  public Path dir() {
    return dir;
  }

  /** The CA certificate (PEM): what clients and brokers trust. */
  public Path caFile() {
    return dir.resolve("ca.crt");
  }

  /** The brokers' certificate for 127.0.0.1/localhost as PKCS12 stores, issued when missing or no longer valid. */
  public ServerStores server() {
    return locked(() -> {
      Path crt = dir.resolve("server.crt");
      Path key = dir.resolve("server.key");
      ServerStores stores = new ServerStores(dir.resolve("server.p12"), dir.resolve("truststore.p12"), secret(STORE_PASSWORD));
      if (valid(crt, key, subject("localhost", "broker"), c -> hasLoopbackNames(c))
          && Files.exists(stores.keyStore()) && Files.exists(stores.trustStore())) {
        return stores;
      }
      KeyPair pair = newKeyPair();
      X509Certificate cert = sign(leaf(subject("localhost", "broker"), pair.getPublic(), Instant.now(), LEAF_VALIDITY)
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")})));
      writeIdentity(crt, key, cert, pair.getPrivate());
      char[] pw = stores.password().toCharArray();
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("server", pair.getPrivate(), pw, new Certificate[] {cert, ca});
      writeStore(stores.keyStore(), ks, pw);
      KeyStore ts = KeyStore.getInstance("PKCS12");
      ts.load(null, null);
      ts.setCertificateEntry("lakehouse-dev-ca", ca);
      writeStore(stores.trustStore(), ts, pw);
      return stores;
    });
  }

  /** The client identity {@code name} of {@code role}, issued when missing or no longer valid. */
  public ClientTls issue(TlsRole role, String name) {
    issueAll(role, List.of(name));
    return ClientTls.of(caFile(), dir, role, name);
  }

  /** Issues what is missing or no longer valid among {@code names}; returns how many were issued. */
  public int issueAll(TlsRole role, Collection<String> names) {
    names.forEach(DevPki::checkName);
    return locked(() -> {
      int issued = 0;
      for (String name : names) {
        Path crt = ClientTls.certificatePath(dir, role, name);
        if (valid(crt, ClientTls.keyPath(dir, role, name), subject(name, role.unit()), c -> true)) continue;
        write(role, name, Instant.now(), LEAF_VALIDITY);
        issued++;
      }
      return issued;
    });
  }

  /**
   * Issues {@code name} valid from {@code notBefore} for {@code validity}, replacing what is there: for tests
   * (an expired certificate of the right CA).
   */
  public ClientTls issue(TlsRole role, String name, Instant notBefore, Duration validity) {
    checkName(name);
    locked(() -> {
      write(role, name, notBefore, validity);
      return null;
    });
    return ClientTls.of(caFile(), dir, role, name);
  }

  /** The ids of {@code role} that have a certificate in the folder (valid or not), sorted. */
  public List<String> identities(TlsRole role) {
    try (var files = Files.list(dir.resolve(role.folder()))) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".crt"))
          .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
    } catch (java.nio.file.NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A random secret kept in {@code <pki>/<file>} (readable by the owner only), created on first use: the dev
   * credentials the local stack hands out, e.g. the gateway's Kafka SASL password.
   */
  public Path secretFile(String file) {
    return locked(() -> {
      secret(file);
      return dir.resolve(file);
    });
  }

  private String secret(String file) throws IOException {
    Path p = dir.resolve(file);
    if (!Files.exists(p)) {
      byte[] b = new byte[18];
      RANDOM.nextBytes(b);
      writeAtomically(p, Base64.getUrlEncoder().withoutPadding().encodeToString(b).getBytes(StandardCharsets.US_ASCII), true);
    }
    return Files.readString(p, StandardCharsets.US_ASCII).trim();
  }

  private void write(TlsRole role, String name, Instant notBefore, Duration validity) throws Exception {
    KeyPair pair = newKeyPair();
    X509Certificate cert = sign(leaf(subject(name, role.unit()), pair.getPublic(), notBefore, validity)
        .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth)));
    writeIdentity(ClientTls.certificatePath(dir, role, name), ClientTls.keyPath(dir, role, name), cert, pair.getPrivate());
  }

  private static void checkName(String name) {
    if (!name.matches(NAME_RULE)) throw StackException.invalidIdentity(name);
  }

  private void loadOrCreateCa() throws Exception {
    Path crt = caFile();
    Path key = dir.resolve("ca.key");
    if (Files.exists(crt) && Files.exists(key)) {
      try {
        X509Certificate c = Pem.certificates(crt).get(0);
        if (c.getNotAfter().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE))) {
          ca = c;
          caKey = Pem.privateKey(key);
          return;
        }
      } catch (RuntimeException e) {
        // unreadable: a new CA below (every certificate it signed is then issued again on use)
      }
    }
    KeyPair pair = newKeyPair();
    X500Name subject = subject("IoT lakehouse dev CA", "pki");
    Instant now = Instant.now();
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(),
        java.util.Date.from(now.minus(Duration.ofHours(1))), java.util.Date.from(now.plus(CA_VALIDITY)), subject, pair.getPublic())
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
        .addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
    caKey = pair.getPrivate();
    ca = sign(b);
    writeIdentity(crt, key, ca, caKey);
  }

  private X509v3CertificateBuilder leaf(X500Name subject, PublicKey key, Instant notBefore, Duration validity) throws Exception {
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    return new JcaX509v3CertificateBuilder(ca, serial(), java.util.Date.from(notBefore.minus(Duration.ofMinutes(5))),
        java.util.Date.from(notBefore.plus(validity)), new X500Principal(subject.getEncoded()), key)
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
        .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key))
        .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
  }

  private X509Certificate sign(X509v3CertificateBuilder b) throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey)));
  }

  /** Reusable: both files there, the expected subject, signed by the current CA, valid now and for a week more. */
  private boolean valid(Path crt, Path key, X500Name subject, Predicate<X509Certificate> more) {
    if (!Files.exists(crt) || !Files.exists(key)) return false;
    try {
      X509Certificate c = Pem.certificates(crt).get(0);
      c.verify(ca.getPublicKey());
      c.checkValidity();
      c.checkValidity(java.util.Date.from(Instant.now().plus(RENEW_BEFORE)));
      return c.getSubjectX500Principal().equals(new X500Principal(subject.getEncoded())) && more.test(c);
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      return false;
    }
  }

  private static boolean hasLoopbackNames(X509Certificate c) {
    try {
      Collection<List<?>> names = c.getSubjectAlternativeNames();
      return names != null && names.stream().anyMatch(n -> "127.0.0.1".equals(n.get(1)))
          && names.stream().anyMatch(n -> "localhost".equals(n.get(1)));
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static X500Name subject(String cn, String unit) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, ORGANIZATION).addRDN(BCStyle.OU, unit)
        .addRDN(BCStyle.CN, cn).build();
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return g.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM);
  }

  private void writeIdentity(Path crt, Path key, X509Certificate cert, PrivateKey privateKey) throws IOException {
    List<X509Certificate> chain = new ArrayList<>(List.of(cert));
    if (cert != ca) chain.add(ca);
    writeAtomically(key, Pem.encodePrivateKey(privateKey).getBytes(StandardCharsets.US_ASCII), true);
    writeAtomically(crt, Pem.encodeCertificates(chain).getBytes(StandardCharsets.US_ASCII), false);
  }

  private static void writeStore(Path file, KeyStore store, char[] password) throws Exception {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      store.store(out, password);
    }
    restrict(tmp);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void writeAtomically(Path file, byte[] content, boolean secret) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, content);
    if (secret) restrict(tmp);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the folder's own protection applies
    }
  }

  private interface Step<T> {
    T run() throws Exception;
  }

  /**
   * Runs {@code step} holding the folder's lock file (other processes) and this class's monitor (other threads), with
   * the current CA loaded (another process may have replaced it).
   */
  private <T> T locked(Step<T> step) {
    synchronized (DevPki.class) {
      try {
        Files.createDirectories(dir);
        try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock ignored = ch.lock()) {
          loadOrCreateCa();
          return step.run();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("dev PKI in " + dir + ": " + e.getMessage(), e);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("dev PKI in " + dir + ": " + e, e);
      }
    }
  }
}
