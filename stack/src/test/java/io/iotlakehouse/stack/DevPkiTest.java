package io.iotlakehouse.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.common.tls.ClientTls;
import io.iotlakehouse.common.tls.Pem;
import io.iotlakehouse.common.tls.TlsRole;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevPkiTest {
  @Test
  void clientCertificatesCarryTheIdentityAndChainToTheCa(@TempDir Path dir) throws Exception {
    DevPki pki = DevPki.open(dir);
    ClientTls truck = pki.issue(TlsRole.DEVICE, "truck-0001");
    List<X509Certificate> chain = Pem.certificates(truck.certificateFile());
    X509Certificate ca = Pem.certificates(pki.caFile()).get(0);
    assertThat(chain).hasSize(2);
    assertThat(chain.get(0).getSubjectX500Principal().getName()).isEqualTo("CN=truck-0001,OU=device,O=IoT lakehouse dev");
    chain.get(0).verify(ca.getPublicKey());
    assertThat(chain.get(1)).isEqualTo(ca);
    assertThat(chain.get(0).getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2"); // clientAuth
    assertThat(Files.getPosixFilePermissions(truck.keyFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(pki.issue(TlsRole.GATEWAY, "truck-0001").certificateFile()).isEqualTo(dir.resolve("gateways/truck-0001.crt"));
  }

  @Test
  void issuingIsIdempotentAndRenewsWhatIsNoLongerValid(@TempDir Path dir) throws Exception {
    DevPki pki = DevPki.open(dir);
    assertThat(pki.issueAll(TlsRole.DEVICE, List.of("env-001", "env-002"))).isEqualTo(2);
    byte[] before = Files.readAllBytes(dir.resolve("devices/env-001.crt"));
    assertThat(DevPki.open(dir).issueAll(TlsRole.DEVICE, List.of("env-001", "env-002", "env-003"))).isEqualTo(1);
    assertThat(Files.readAllBytes(dir.resolve("devices/env-001.crt"))).isEqualTo(before);

    pki.issue(TlsRole.DEVICE, "env-002", Instant.now().minus(Duration.ofDays(30)), Duration.ofDays(1)); // expired
    assertThat(pki.issueAll(TlsRole.DEVICE, List.of("env-001", "env-002"))).isEqualTo(1);

    Files.delete(dir.resolve("ca.key")); // a new CA: everything the old one signed is issued again on use
    DevPki renewed = DevPki.open(dir);
    assertThat(renewed.issueAll(TlsRole.DEVICE, List.of("env-001", "env-002", "env-003"))).isEqualTo(3);
  }

  @Test
  void idsThatCouldBreakTopicsOrSubjectsAreRefused(@TempDir Path dir) {
    DevPki pki = DevPki.open(dir);
    for (String bad : List.of("", "a/b", "#", "+", "-x", "a,b", "x".repeat(65))) {
      assertThatThrownBy(() -> pki.issue(TlsRole.DEVICE, bad)).isInstanceOf(StackException.class)
          .hasMessageContaining("not a valid device, gateway or monitor id");
    }
  }

  @Test
  void theServerStoresServeTlsWithRequiredClientCertificates(@TempDir Path dir) throws Exception {
    DevPki pki = DevPki.open(dir);
    DevPki.ServerStores stores = pki.server();
    assertThat(pki.server()).isEqualTo(stores);
    X509Certificate server = Pem.certificates(dir.resolve("server.crt")).get(0);
    assertThat(server.getSubjectAlternativeNames().stream().map(n -> (Object) n.get(1))).contains("127.0.0.1", "localhost");

    ClientTls device = pki.issue(TlsRole.DEVICE, "env-001");
    assertThat(handshake(stores, device.keyManagers(), device.trustManagers())).isEqualTo("CN=env-001,OU=device,O=IoT lakehouse dev");
    ClientTls stranger = DevPki.open(dir.resolve("other")).issue(TlsRole.DEVICE, "env-001");
    assertThat(handshake(stores, stranger.keyManagers(), device.trustManagers())).startsWith("refused");
  }

  /** The client's subject as the server saw it, or "refused: ..." when the handshake failed. */
  private static String handshake(DevPki.ServerStores stores, KeyManagerFactory clientKeys, TrustManagerFactory clientTrust)
      throws Exception {
    char[] pw = stores.password().toCharArray();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(stores.keyStore())) {
      ks.load(in, pw);
    }
    KeyStore ts = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(stores.trustStore())) {
      ts.load(in, pw);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, pw);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext serverCtx = SSLContext.getInstance("TLS");
    serverCtx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    SSLContext clientCtx = SSLContext.getInstance("TLS");
    clientCtx.init(clientKeys.getKeyManagers(), clientTrust.getTrustManagers(), null);
    try (SSLServerSocket ss = (SSLServerSocket) serverCtx.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ss.setNeedClientAuth(true);
      CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
        try (SSLSocket s = (SSLSocket) ss.accept()) {
          s.startHandshake();
          return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        } catch (Exception e) {
          return "refused: " + e.getMessage();
        }
      });
      try (SSLSocket c = (SSLSocket) clientCtx.getSocketFactory().createSocket("127.0.0.1", ss.getLocalPort())) {
        var params = c.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS"); // the server certificate must name 127.0.0.1
        c.setSSLParameters(params);
        c.startHandshake();
        c.getInputStream().read(); // TLS 1.3: the server's verdict on the client certificate arrives after the handshake
      } catch (Exception e) {
        // the refused case: the server closes the connection
      }
      return seen.get(30, TimeUnit.SECONDS);
    }
  }
}
