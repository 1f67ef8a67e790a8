package io.iotlakehouse.common.tls;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.error.LakehouseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a TLS client trusts (PEM CA certificates) and who it is (its PEM certificate chain and PKCS#8 key). In an
 * identity folder a client's files are {@code <folder>/<devices|gateways>/<id>.crt} and {@code .key}; the local
 * stack's dev CA writes that layout ({@code lakehouse pki}) and a production CA can too.
 */
public record ClientTls(Path caFile, Path certificateFile, Path keyFile) {

  /** The identity of {@code name} in {@code identityDir}; fails saying how to issue it when it is missing. */
  public static ClientTls of(Path caFile, Path identityDir, TlsRole role, String name) {
    Path crt = certificatePath(identityDir, role, name);
    Path key = keyPath(identityDir, role, name);
    if (!Files.isReadable(crt) || !Files.isReadable(key)) throw TlsErrors.missingIdentity(role, name, crt);
    return new ClientTls(caFile, crt, key);
  }

  /**
   * The MQTT client TLS settings of {@code name} from {@code mqtt.tls.ca-file} and {@code mqtt.tls.identity-dir};
   * empty when {@code mqtt.tls.ca-file} is empty (plain TCP).
   */
  public static Optional<ClientTls> mqtt(Config config, TlsRole role, String name) {
    String ca = config.get(PlatformKeys.MQTT_TLS_CA_FILE);
    if (ca.isBlank()) return Optional.empty();
    String dir = config.get(PlatformKeys.MQTT_TLS_IDENTITY_DIR);
    if (dir.isBlank()) {
      throw new LakehouseException("mqtt.tls.ca-file is set but mqtt.tls.identity-dir is empty",
          "over TLS the MQTT broker admits only clients that present a certificate",
          "set mqtt.tls.identity-dir to the folder holding devices/<id>.crt|.key and gateways/<id>.crt|.key");
    }
    return Optional.of(of(Path.of(ca), Path.of(dir), role, name));
  }

  public static Path certificatePath(Path identityDir, TlsRole role, String name) {
    return identityDir.resolve(role.folder()).resolve(name + ".crt");
  }

  public static Path keyPath(Path identityDir, TlsRole role, String name) {
    return identityDir.resolve(role.folder()).resolve(name + ".key");
  }

  public KeyManagerFactory keyManagers() {
    return Pem.keyManagers(certificateFile, keyFile);
  }

  public TrustManagerFactory trustManagers() {
    return Pem.trustManagers(caFile);
  }
}
