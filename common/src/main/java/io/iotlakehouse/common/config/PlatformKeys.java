package io.iotlakehouse.common.config;

import java.nio.file.Path;
import java.util.List;

/** Keys shared by several modules: where the services are and what the shared topics are called. */
public final class PlatformKeys {
  private PlatformKeys() {}

  public static final ConfigKey<Path> WORK_DIR = ConfigKey.define(
      "lakehouse.work-dir", ValueType.PATH, "work",
      "Folder for everything the local platform writes: service data, lake tables, checkpoints, logs");

  public static final ConfigKey<String> KAFKA_BOOTSTRAP = ConfigKey.define(
      "kafka.bootstrap-servers", ValueType.STRING, "", Validator.hostPortsOrEmpty(),
      "Kafka brokers as host:port,...; empty starts the embedded KRaft broker of the local stack");

  public static final ConfigKey<String> TOPIC_TELEMETRY = ConfigKey.define(
      "kafka.topic.telemetry", ValueType.STRING, "iot-telemetry", Validator.nonBlank(),
      "Topic the gateways write device events to, keyed by device_id");

  public static final ConfigKey<String> TOPIC_DEAD_LETTER = ConfigKey.define(
      "kafka.topic.dead-letter", ValueType.STRING, "iot-telemetry-dlq", Validator.nonBlank(),
      "Topic for payloads the gateway could not accept, with a lakehouse.reason header");

  public static final ConfigKey<Integer> TOPIC_PARTITIONS = ConfigKey.define(
      "kafka.topic.partitions", ValueType.INT, "4", Validator.between(1, 10_000),
      "Partitions of the topics the platform creates (ordering is per device, so scale by device count)");

  public static final ConfigKey<String> TOPIC_ALERTS = ConfigKey.define(
      "kafka.topic.alerts", ValueType.STRING, "iot-alerts", Validator.nonBlank(),
      "Topic the hot path publishes alerts to (JSON, keyed by device_id), for systems that act on them");

  public static final ConfigKey<String> REDIS_URL = ConfigKey.define(
      "redis.url", ValueType.STRING, "",
      Validator.of(s -> s.isBlank() || s.matches("rediss?://[^\\s]+"), "empty or a redis:// or rediss:// URL"),
      "Redis for hot data (latest device state, active alerts, pipeline health), e.g. redis://host:6379/0; empty "
          + "starts a local redis-server (Debian package redis-server) under the work dir");

  public static final ConfigKey<String> MQTT_HOST = ConfigKey.define(
      "mqtt.host", ValueType.STRING, "", "MQTT broker host; empty starts the embedded broker of the local stack");

  public static final ConfigKey<Integer> MQTT_PORT = ConfigKey.define(
      "mqtt.port", ValueType.INT, "11883", Validator.between(1, 65535),
      "MQTT broker port (the embedded broker listens on it on 127.0.0.1)");

  public static final ConfigKey<String> MQTT_TLS_CA_FILE = ConfigKey.define(
      "mqtt.tls.ca-file", ValueType.STRING, "",
      "PEM file of the CA certificate(s) the MQTT broker's certificate is checked against; empty = plain TCP. When set, "
          + "every MQTT client (gateway, simulated devices) connects over TLS with its own certificate from "
          + "mqtt.tls.identity-dir. The local stack fills it in when its broker runs TLS (stack.mqtt.transport=tls)");

  public static final ConfigKey<String> MQTT_TLS_IDENTITY_DIR = ConfigKey.define(
      "mqtt.tls.identity-dir", ValueType.STRING, "",
      "Folder of MQTT client certificates: devices/<device_id>.crt|.key and gateways/<gateway-id>.crt|.key (PEM chain; "
          + "unencrypted PKCS#8 key readable by its owner only). The certificate's CN is the client's identity. The local "
          + "stack fills it in with its dev PKI folder; `lakehouse pki issue` adds identities");

  public static final ConfigKey<String> MLFLOW_TRACKING_URI = ConfigKey.define(
      "mlflow.tracking-uri", ValueType.STRING, "",
      Validator.of(s -> s.isBlank() || s.matches("https?://[^\\s]+"), "empty or an http(s) URL"),
      "MLflow tracking server URL (any MLflow 2.x); empty starts the platform's MLflow-compatible local server");

  public static final ConfigKey<String> TOPIC_LINEAGE = ConfigKey.define(
      "kafka.topic.lineage", ValueType.STRING, "lakehouse-lineage", Validator.nonBlank(),
      "Topic every job sends its lineage events to (OpenLineage JSON, keyed by job name); the governance recorder "
          + "turns them into Atlas entities");

  public static final ConfigKey<Boolean> LINEAGE_ENABLED = ConfigKey.define(
      "lineage.enabled", ValueType.BOOLEAN, "true",
      "Whether jobs and gateways emit lineage events to kafka.topic.lineage (cheap: at start and when a table version advances)");

  public static final ConfigKey<String> ATLAS_URL = ConfigKey.define(
      "atlas.url", ValueType.STRING, "",
      Validator.of(s -> s.isBlank() || s.matches("https?://[^\\s]+"), "empty or an http(s) URL"),
      "Apache Atlas server for lineage, e.g. https://atlas.example.com:21443; empty starts the local Atlas 2.1.0 "
          + "server of the stack when a command needs one");

  public static final ConfigKey<String> ATLAS_USER = ConfigKey.define(
      "atlas.user", ValueType.STRING, "admin", Validator.nonBlank(), "Atlas user (basic authentication)");

  public static final ConfigKey<String> ATLAS_PASSWORD = ConfigKey.define(
      "atlas.password", ValueType.STRING, "admin", Validator.nonBlank(),
      "Atlas password (basic authentication); the local server accepts admin/admin");

  public static List<ConfigKey<?>> keys() {
    return List.of(WORK_DIR, KAFKA_BOOTSTRAP, TOPIC_TELEMETRY, TOPIC_DEAD_LETTER, TOPIC_ALERTS, TOPIC_PARTITIONS,
        REDIS_URL, MQTT_HOST, MQTT_PORT, MQTT_TLS_CA_FILE, MQTT_TLS_IDENTITY_DIR, MLFLOW_TRACKING_URI, TOPIC_LINEAGE,
        LINEAGE_ENABLED, ATLAS_URL, ATLAS_USER, ATLAS_PASSWORD);
  }
}
