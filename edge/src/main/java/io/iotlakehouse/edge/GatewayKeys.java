package io.iotlakehouse.edge;

import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.Secrets;
import io.iotlakehouse.common.config.Validator;
import io.iotlakehouse.common.config.ValueType;
import io.iotlakehouse.edge.transform.FullPolicy;
import io.iotlakehouse.edge.transform.PolicyRules;
import java.time.Duration;
import java.util.List;

/** Config keys of the edge gateway. */
public final class GatewayKeys {
  private GatewayKeys() {}

  public static final ConfigKey<String> GATEWAY_ID = ConfigKey.define(
      "edge.gateway-id", ValueType.STRING, "gw-local-1",
      Validator.of(s -> s.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}"), "1-64 of [A-Za-z0-9._-]"),
      "Identity of this gateway: its MQTT session name and the lakehouse.gateway header on every event it forwards");
  public static final ConfigKey<String> TOPIC_FILTER = ConfigKey.define(
      "edge.mqtt.topic-filter", ValueType.STRING, "devices/+/+/telemetry", Validator.nonBlank(),
      "MQTT topic filter the gateway subscribes to; topics are devices/<kind>/<device_id>/telemetry");
  public static final ConfigKey<Long> MAX_PAYLOAD = ConfigKey.define(
      "edge.max-payload-bytes", ValueType.SIZE, "64KiB", Validator.between(64L, 1L << 20),
      "Largest accepted device payload; larger ones go to the dead-letter topic (truncated) with reason oversized");
  public static final ConfigKey<Duration> DELIVERY_TIMEOUT = ConfigKey.define(
      "edge.kafka.delivery-timeout", ValueType.DURATION, "2m",
      Validator.of(d -> d.compareTo(Duration.ofSeconds(40)) >= 0, "at least 40s"),
      "How long the Kafka producer retries a batch before the gateway discards the producer and sends again from the "
          + "buffer (the buffer, not the producer, is what survives an outage; nothing is lost either way)");
  public static final ConfigKey<String> COMPRESSION = ConfigKey.define(
      "edge.kafka.compression", ValueType.STRING, "lz4", Validator.oneOf("none", "lz4", "snappy", "zstd", "gzip"),
      "Compression of the gateway's Kafka batches (uplinks are often metered)");
  public static final ConfigKey<Integer> MAX_IN_FLIGHT = ConfigKey.define(
      "edge.kafka.max-in-flight", ValueType.INT, "20000", Validator.between(1, 1_000_000),
      "Buffered events handed to the Kafka producer and not yet acknowledged by Kafka, at most (the replay window)");
  public static final ConfigKey<String> KAFKA_BOOTSTRAP = ConfigKey.define(
      "edge.kafka.bootstrap-servers", ValueType.STRING, "", Validator.hostPortsOrEmpty(),
      "Kafka brokers the gateway forwards to, as host:port,...; empty = kafka.bootstrap-servers (a gateway usually "
          + "reaches the cluster through a TLS listener of its own, the Spark jobs through the cluster network)");
  public static final ConfigKey<String> KAFKA_SECURITY_PROTOCOL = ConfigKey.define(
      "edge.kafka.security-protocol", ValueType.STRING, "plaintext", Validator.oneOf("plaintext", "ssl", "sasl-ssl"),
      "How the gateway connects to Kafka: plaintext, ssl (TLS, broker certificate checked against "
          + "edge.kafka.ssl.ca-file) or sasl-ssl (TLS plus a SASL login with edge.kafka.sasl.*)");
  public static final ConfigKey<String> KAFKA_SSL_CA_FILE = ConfigKey.define(
      "edge.kafka.ssl.ca-file", ValueType.STRING, "",
      "PEM file of the CA certificate(s) the Kafka brokers' certificates are checked against (ssl, sasl-ssl); empty = the "
          + "JDK's trusted CAs");
  public static final ConfigKey<String> KAFKA_SASL_MECHANISM = ConfigKey.define(
      "edge.kafka.sasl.mechanism", ValueType.STRING, "SCRAM-SHA-512", Validator.oneOf("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"),
      "SASL mechanism of the gateway's Kafka login (sasl-ssl)");
  public static final ConfigKey<String> KAFKA_SASL_USERNAME = ConfigKey.define(
      "edge.kafka.sasl.username", ValueType.STRING, "", "Kafka user the gateway logs in as (sasl-ssl)");
  public static final ConfigKey<String> KAFKA_SASL_PASSWORD = ConfigKey.define(
      "edge.kafka.sasl.password", ValueType.STRING, "", Secrets.reference(),
      "Password of edge.kafka.sasl.username, by reference only: env:<VARIABLE> or file:<path> (never the password "
          + "itself, so it is in no config file, command line or log)");

  public static final ConfigKey<String> BUFFER_DIR = ConfigKey.define(
      "edge.buffer.dir", ValueType.STRING, "",
      "Folder of the gateway's durable buffer (SQLite buffer.db); empty means <lakehouse.work-dir>/gateways/<edge.gateway-id>. "
          + "One gateway per folder; it survives restarts and kill -9");
  public static final ConfigKey<Long> BUFFER_MAX_BYTES = ConfigKey.define(
      "edge.buffer.max-bytes", ValueType.SIZE, "1GiB", Validator.between(64L << 10, 1L << 44),
      "Disk budget of the buffer (entry bytes: payload, headers, ids and 64 bytes per entry); when it is used up, "
          + "edge.buffer.full-policy applies");
  public static final ConfigKey<String> BUFFER_FULL_POLICY = ConfigKey.define(
      "edge.buffer.full-policy", ValueType.STRING, "block", Validator.oneOf("block", "drop-oldest"),
      "What happens to messages when the buffer is full (unless edge.buffer.policies says otherwise for their topic): "
          + "block = stop acknowledging devices (back-pressure; for billing data), drop-oldest = drop the oldest "
          + "buffered messages of this policy, counted in edge_dropped_total and logged with device and seq ranges (telemetry)");
  public static final ConfigKey<String> BUFFER_POLICIES = ConfigKey.define(
      "edge.buffer.policies", ValueType.STRING, "",
      Validator.of(GatewayKeys::validPolicies, "a comma-separated list of <MQTT topic filter>=<block|drop-oldest>, "
          + "e.g. devices/env/#=drop-oldest,devices/truck/#=block"),
      "Full policy per MQTT topic filter, first match wins (topics are devices/<kind>/<device_id>/telemetry, so "
          + "devices/<kind>/# selects a device kind); unmatched topics get edge.buffer.full-policy");
  public static final ConfigKey<Integer> GROUP_COMMIT_MAX_MESSAGES = ConfigKey.define(
      "edge.buffer.group-commit.max-messages", ValueType.INT, "4096", Validator.between(1, 100_000),
      "Most messages written by one buffer commit (one fsync)");
  public static final ConfigKey<Duration> GROUP_COMMIT_MAX_WAIT = ConfigKey.define(
      "edge.buffer.group-commit.max-wait", ValueType.DURATION, "0ms",
      Validator.of(d -> !d.isNegative() && d.compareTo(Duration.ofSeconds(1)) <= 0, "between 0ms and 1s"),
      "How long a commit waits for more messages to share its fsync. 0ms (default): commit at once whatever queued "
          + "during the previous fsync, so batches grow with the load by themselves and a lone event is never held back; "
          + "a wait adds up to this much to every acknowledgement and local alert");
  public static final ConfigKey<Boolean> BUFFER_FSYNC = ConfigKey.define(
      "edge.buffer.fsync", ValueType.BOOLEAN, "true",
      "true: every commit is fsynced before devices are acknowledged, so acknowledged data survives power loss; false: "
          + "it survives a crash or kill -9 of the gateway process, but a power loss may lose the last commits");
  public static final ConfigKey<Integer> METRICS_PORT = ConfigKey.define(
      "edge.metrics.port", ValueType.INT, "9464", Validator.between(0, 65535),
      "Port of the gateway's Prometheus endpoint on 127.0.0.1 (/metrics); 0 picks a free port and logs it");
  public static final ConfigKey<Duration> HEARTBEAT_INTERVAL = ConfigKey.define(
      "edge.heartbeat.interval", ValueType.DURATION, "10s", Validator.positiveDuration(),
      "How often the gateway publishes its heartbeat (retained JSON on MQTT topic gateways/<edge.gateway-id>/heartbeat)");

  private static boolean validPolicies(String s) {
    try {
      PolicyRules.parse(s, FullPolicy.BLOCK);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public static List<ConfigKey<?>> keys() {
    return List.of(GATEWAY_ID, TOPIC_FILTER, MAX_PAYLOAD, DELIVERY_TIMEOUT, COMPRESSION, MAX_IN_FLIGHT, KAFKA_BOOTSTRAP,
        KAFKA_SECURITY_PROTOCOL, KAFKA_SSL_CA_FILE, KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD, BUFFER_DIR,
        BUFFER_MAX_BYTES, BUFFER_FULL_POLICY, BUFFER_POLICIES, GROUP_COMMIT_MAX_MESSAGES, GROUP_COMMIT_MAX_WAIT,
        BUFFER_FSYNC, METRICS_PORT, HEARTBEAT_INTERVAL);
  }
}
