package io.iotlakehouse.common.tls;

import io.iotlakehouse.common.error.LakehouseException;
import java.nio.file.Path;

/** User-facing TLS setup errors: what happened, why, how to fix it. */
final class TlsErrors {
  private TlsErrors() {}

  static LakehouseException unreadable(Path file, String expected, Exception cause) {
    return new LakehouseException("Cannot read " + file, "expected " + expected + " (" + cause.getMessage() + ")",
        "check the file: a PEM file as written by `lakehouse pki` (certificates as -----BEGIN CERTIFICATE-----, keys "
            + "as unencrypted PKCS#8 -----BEGIN PRIVATE KEY-----)", cause);
  }

  static LakehouseException missingIdentity(TlsRole role, String name, Path file) {
    return new LakehouseException("No TLS client certificate for " + role.unit() + " '" + name + "'",
        file + " does not exist, and the MQTT broker admits only clients with a certificate whose CN is their id",
        "issue one from the local dev CA with `lakehouse pki issue --" + role.unit() + " " + name + "`, or put the "
            + role.unit() + "'s certificate and key (PEM) there");
  }
}
