package io.iotlakehouse.common.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.common.error.LakehouseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {
  @Test
  void privateKeysRoundTripThroughPkcs8Pem(@TempDir Path dir) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = g.generateKeyPair();
    Path file = dir.resolve("k.key");
    Files.writeString(file, Pem.encodePrivateKey(pair.getPrivate()));
    assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(Pem.privateKey(file).getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
  }

  @Test
  void unreadableFilesSayWhatWasExpected(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("junk.pem");
    Files.writeString(file, "not a pem file");
    assertThatThrownBy(() -> Pem.privateKey(file)).isInstanceOf(LakehouseException.class)
        .hasMessageContaining("unencrypted PKCS#8 private key");
    assertThatThrownBy(() -> Pem.certificates(file)).isInstanceOf(LakehouseException.class)
        .hasMessageContaining("PEM certificates");
  }

  @Test
  void aMissingIdentityNamesTheCommandThatIssuesIt(@TempDir Path dir) {
    assertThatThrownBy(() -> ClientTls.of(dir.resolve("ca.crt"), dir, TlsRole.DEVICE, "truck-0001"))
        .isInstanceOf(LakehouseException.class)
        .hasMessageContaining(dir.resolve("devices/truck-0001.crt").toString())
        .hasMessageContaining("lakehouse pki issue --device truck-0001");
  }
}
