package io.iotlakehouse.common.kafka;

import io.iotlakehouse.common.config.Secrets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How a Kafka client secures its connection: {@code PLAINTEXT}, {@code SSL} (TLS; the broker's certificate checked
 * against {@code caFile}, or the JDK's trusted CAs when null) or {@code SASL_SSL} (TLS plus a SASL login:
 * SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN, with {@code username} and a password given by reference, see
 * {@link Secrets}). Turned into Kafka client properties without depending on a Kafka client version.
 */
public record KafkaClientSecurity(String protocol, Path caFile, String mechanism, String username, String passwordRef) {
  public static final KafkaClientSecurity PLAINTEXT = new KafkaClientSecurity("PLAINTEXT", null, "", "", "");

  /** {@code plaintext}, {@code ssl} or {@code sasl-ssl}, as config keys write it. */
  public static String protocolOf(String configValue) {
    return configValue.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  public boolean sasl() {
    return protocol.equals("SASL_SSL");
  }

  /**
   * The client properties; the password is read now ({@code passwordSetting} names where it was configured, for
   * errors). Kafka treats {@code sasl.jaas.config} as a password: it never appears in its logs.
   */
  public Map<String, Object> properties(String passwordSetting) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("security.protocol", protocol);
    if (protocol.equals("PLAINTEXT")) return p;
    if (caFile != null) {
      p.put("ssl.truststore.type", "PEM");
      p.put("ssl.truststore.location", caFile.toString());
    }
    if (sasl()) {
      String password = Secrets.resolve(passwordRef, passwordSetting);
      String module = mechanism.startsWith("SCRAM") ? "org.apache.kafka.common.security.scram.ScramLoginModule"
          : "org.apache.kafka.common.security.plain.PlainLoginModule";
      p.put("sasl.mechanism", mechanism);
      p.put("sasl.jaas.config", module + " required username=\"" + quote(username) + "\" password=\"" + quote(password) + "\";");
    }
    return p;
  }

  /** JAAS string literal escaping. */
  private static String quote(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
