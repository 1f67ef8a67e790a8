package io.iotlakehouse.edge;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.kafka.KafkaClientSecurity;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where and how the gateway reaches Kafka, from the {@code edge.kafka.*} keys: the bootstrap servers and the security
 * settings its producers get ({@link #properties} hold the password; {@link #toString} never does). Checked (and the password read) when the gateway starts, so a missing secret fails at
 * once with what/why/fix rather than at the first send.
 */
public record KafkaUplink(String bootstrapServers, KafkaClientSecurity security, Map<String, Object> properties) {

  public static KafkaUplink from(Config config) {
    String bootstrap = config.get(GatewayKeys.KAFKA_BOOTSTRAP);
    if (bootstrap.isBlank()) bootstrap = config.get(PlatformKeys.KAFKA_BOOTSTRAP);
    String ca = config.get(GatewayKeys.KAFKA_SSL_CA_FILE);
    KafkaClientSecurity security = new KafkaClientSecurity(
        KafkaClientSecurity.protocolOf(config.get(GatewayKeys.KAFKA_SECURITY_PROTOCOL)), ca.isBlank() ? null : Path.of(ca),
        config.get(GatewayKeys.KAFKA_SASL_MECHANISM), config.get(GatewayKeys.KAFKA_SASL_USERNAME),
        config.get(GatewayKeys.KAFKA_SASL_PASSWORD));
    if (security.sasl() && security.username().isBlank()) throw EdgeErrors.saslWithoutUser();
    return new KafkaUplink(bootstrap, security, Map.copyOf(security.properties(GatewayKeys.KAFKA_SASL_PASSWORD.name())));
  }

  /**
   * {@code config} with the {@code edge.kafka.*} keys set to reach {@code bootstrapServers} with {@code security}
   * (e.g. the local stack's gateway listener).
   */
  public static Config apply(Config config, String bootstrapServers, KafkaClientSecurity security) {
    return config.with(GatewayKeys.KAFKA_BOOTSTRAP, bootstrapServers)
        .with(GatewayKeys.KAFKA_SECURITY_PROTOCOL, security.protocol().toLowerCase(Locale.ROOT).replace('_', '-'))
        .with(GatewayKeys.KAFKA_SSL_CA_FILE, security.caFile() == null ? "" : security.caFile().toString())
        .with(GatewayKeys.KAFKA_SASL_MECHANISM, security.sasl() ? security.mechanism() : GatewayKeys.KAFKA_SASL_MECHANISM.defaultText())
        .with(GatewayKeys.KAFKA_SASL_USERNAME, security.username())
        .with(GatewayKeys.KAFKA_SASL_PASSWORD, security.passwordRef());
  }

  /** For logs: never the password. */
  @Override
  public String toString() {
    return bootstrapServers + " (" + security.protocol() + (security.sasl() ? ", " + security.mechanism() + " as "
        + security.username() : "") + ")";
  }
}
