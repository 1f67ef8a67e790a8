package io.iotlakehouse.stack;

import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.Validator;
import io.iotlakehouse.common.config.ValueType;
import io.iotlakehouse.common.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/** Config keys of the embedded local stack. */
public final class StackKeys {
  private StackKeys() {}

  public static final ConfigKey<Integer> KAFKA_PORT = ConfigKey.define(
      "stack.kafka.port", ValueType.INT, "19092", Validator.between(1, 65535),
      "Client port of the embedded Kafka broker on 127.0.0.1");
  public static final ConfigKey<Integer> KAFKA_CONTROLLER_PORT = ConfigKey.define(
      "stack.kafka.controller-port", ValueType.INT, "19093", Validator.between(1, 65535),
      "KRaft controller port of the embedded Kafka broker on 127.0.0.1");
  public static final ConfigKey<Integer> KAFKA_NODES = ConfigKey.define(
      "stack.kafka.nodes", ValueType.INT, "1", Validator.between(1, 5),
      "Nodes of the embedded Kafka cluster, each a combined KRaft broker + controller in its own JVM (~0.6 GB). 1 (the "
          + "default) is a single broker on stack.kafka.port; with more, node 1 keeps the configured ports, the others take "
          + "free ports, and the platform topics get replication 3 and min.insync.replicas 2 from 3 nodes on");
  public static final ConfigKey<String> KAFKA_HEAP = ConfigKey.define(
      "stack.kafka.heap", ValueType.STRING, "1g", Validator.of(s -> s.matches("\\d+[mg]"), "like 512m or 1g"),
      "Maximum heap of the embedded Kafka broker JVM (of each node's JVM in a cluster)");
  public static final ConfigKey<Integer> REDIS_PORT = ConfigKey.define(
      "stack.redis.port", ValueType.INT, "16379", Validator.between(1, 65535),
      "Port of the local redis-server on 127.0.0.1 (started when redis.url is empty)");
  public static final ConfigKey<String> REDIS_BINARY = ConfigKey.define(
      "stack.redis.binary", ValueType.STRING, "redis-server", Validator.nonBlank(),
      "The redis-server program the local stack runs: a name looked up on PATH, or a path");
  public static final ConfigKey<Duration> START_TIMEOUT = ConfigKey.define(
      "stack.start-timeout", ValueType.DURATION, "180s", Validator.positiveDuration(),
      "How long to wait for an embedded service to become ready before failing");

  public static final ConfigKey<Integer> ATLAS_PORT = ConfigKey.define(
      "stack.atlas.port", ValueType.INT, "21000", Validator.between(1, 65535),
      "Port of the local Atlas server (REST API and web UI) on 127.0.0.1, started when atlas.url is empty");
  public static final ConfigKey<String> ATLAS_HEAP = ConfigKey.define(
      "stack.atlas.heap", ValueType.STRING, "1g", Validator.of(s -> s.matches("\\d+[mg]"), "like 768m or 1g"),
      "Maximum heap of the local Atlas server JVM");

  public static final ConfigKey<String> KAFKA_SECURE_LISTENER = ConfigKey.define(
      "stack.kafka.secure-listener", ValueType.STRING, "sasl-ssl", Validator.oneOf("sasl-ssl", "ssl", "none"),
      "Second listener of the embedded Kafka broker, for gateways: sasl-ssl (TLS with the dev PKI's server certificate "
          + "and SCRAM-SHA-512 login as user " + KafkaServer.GATEWAY_USER + "), ssl (TLS, no login) or none. The plaintext "
          + "listener on stack.kafka.port stays, on 127.0.0.1 only, for the Spark jobs and tools of this machine");
  public static final ConfigKey<Integer> KAFKA_SECURE_PORT = ConfigKey.define(
      "stack.kafka.secure-port", ValueType.INT, "19094", Validator.between(1, 65535),
      "Port of the embedded Kafka broker's secure listener on 127.0.0.1 (see stack.kafka.secure-listener)");
  public static final ConfigKey<String> MQTT_TRANSPORT = ConfigKey.define(
      "stack.mqtt.transport", ValueType.STRING, "tls", Validator.oneOf("tls", "plain"),
      "How the embedded MQTT broker listens on mqtt.port: tls = TLS only, every client must present a certificate of "
          + "the dev CA (CN = its id) and may use only the topics of stack.mqtt.acl.*; plain = plain TCP, no identity, "
          + "no ACL (anyone on this machine may publish as any device)");
  public static final ConfigKey<String> MQTT_ACL_DEVICE_PUBLISH = aclKey("device", "publish", "devices/+/{id}/telemetry",
      "its own telemetry topic, whatever the device kind");
  public static final ConfigKey<String> MQTT_ACL_DEVICE_SUBSCRIBE = aclKey("device", "subscribe", "", "nothing");
  public static final ConfigKey<String> MQTT_ACL_GATEWAY_PUBLISH = aclKey("gateway", "publish", "gateways/{id}/#",
      "its heartbeat and anything else under its own gateways/<id>/ (e.g. local alerts)");
  public static final ConfigKey<String> MQTT_ACL_GATEWAY_SUBSCRIBE = aclKey("gateway", "subscribe", "devices/#,gateways/{id}/#",
      "every device topic, and its own gateway topics");
  public static final ConfigKey<String> MQTT_ACL_MONITOR_PUBLISH = aclKey("monitor", "publish", "", "nothing");
  public static final ConfigKey<String> MQTT_ACL_MONITOR_SUBSCRIBE = aclKey("monitor", "subscribe", "gateways/#",
      "every gateway's heartbeat and alerts (monitoring tools and tests connect as OU=monitor)");
  public static final ConfigKey<String> MQTT_ACL_CONTROLLER_PUBLISH = aclKey("controller", "publish", "gateways/+/model/desired",
      "the model each gateway should run (lakehouse models rollout connects as OU=controller)");
  public static final ConfigKey<String> MQTT_ACL_CONTROLLER_SUBSCRIBE = aclKey("controller", "subscribe", "gateways/+/heartbeat",
      "every gateway's heartbeat (the versions they run and their score/alert counters)");

  private static ConfigKey<String> aclKey(String role, String action, String defaultFilters, String defaultMeaning) {
    return ConfigKey.define("stack.mqtt.acl." + role + "-" + action, ValueType.STRING, defaultFilters,
        Validator.of(StackKeys::validFilters, "a comma-separated list of MQTT topic filters ('+' and '#' as whole levels, "
            + "'#' last), where {id} stands for the client's certificate CN"),
        "MQTT topic filters a " + role + " may " + action + " to" + " over TLS ({id} = "
            + "its certificate CN); default: " + defaultMeaning);
  }

  static boolean validFilters(String csv) {
    for (String f : csv.split(",")) {
      String t = f.trim();
      if (t.isEmpty()) continue;
      String[] levels = t.split("/", -1);
      for (int i = 0; i < levels.length; i++) {
        String l = levels[i];
        if (l.equals("#") && i != levels.length - 1) return false;
        if (!l.equals("#") && !l.equals("+") && (l.contains("#") || l.contains("+"))) return false;
      }
    }
    return true;
  }

  /** The topic ACL of the embedded broker, in the form the broker's device identity extension reads. */
  static Properties mqttAcl(Config config) {
    Properties p = new Properties();
    p.setProperty("device.publish", config.get(MQTT_ACL_DEVICE_PUBLISH));
    p.setProperty("device.subscribe", config.get(MQTT_ACL_DEVICE_SUBSCRIBE));
    p.setProperty("gateway.publish", config.get(MQTT_ACL_GATEWAY_PUBLISH));
    p.setProperty("gateway.subscribe", config.get(MQTT_ACL_GATEWAY_SUBSCRIBE));
    p.setProperty("monitor.publish", config.get(MQTT_ACL_MONITOR_PUBLISH));
    p.setProperty("monitor.subscribe", config.get(MQTT_ACL_MONITOR_SUBSCRIBE));
    p.setProperty("controller.publish", config.get(MQTT_ACL_CONTROLLER_PUBLISH));
    p.setProperty("controller.subscribe", config.get(MQTT_ACL_CONTROLLER_SUBSCRIBE));
    return p;
  }

  public static List<ConfigKey<?>> keys() {
    return List.of(KAFKA_PORT, KAFKA_CONTROLLER_PORT, KAFKA_NODES, KAFKA_HEAP, KAFKA_SECURE_LISTENER, KAFKA_SECURE_PORT, REDIS_PORT,
        REDIS_BINARY, START_TIMEOUT, MQTT_TRANSPORT, MQTT_ACL_DEVICE_PUBLISH, MQTT_ACL_DEVICE_SUBSCRIBE,
        MQTT_ACL_GATEWAY_PUBLISH, MQTT_ACL_GATEWAY_SUBSCRIBE, MQTT_ACL_MONITOR_PUBLISH, MQTT_ACL_MONITOR_SUBSCRIBE,
        MQTT_ACL_CONTROLLER_PUBLISH, MQTT_ACL_CONTROLLER_SUBSCRIBE,
        ATLAS_PORT, ATLAS_HEAP);
  }
}
