package io.iotlakehouse.stack;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.kafka.KafkaClientSecurity;
import io.iotlakehouse.common.tls.TlsRole;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local services the platform needs, each either external (configured) or embedded (started here as a real
 * server in its own JVM, data under {@code <work-dir>/services}). {@link #config()} returns the config with the
 * embedded services' addresses filled in, to hand to gateways and jobs. When an embedded service uses TLS (the MQTT
 * broker by default, the Kafka broker's gateway listener by default) the dev PKI under {@code services/pki} provides
 * the certificates; clients get theirs with {@link DevPki#issue} ({@code lakehouse pki issue}).
 */
public final class LocalStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

  private final Config config;
  private DevPki pki;
  private KafkaCluster kafka;
  private MqttServer mqtt;
  private RedisServer redis;
  private AtlasServer atlas;

  private LocalStack(Config config) {
    this.config = config;
  }

  /** Starts whatever is not configured as external, and creates the platform topics. */
  public static LocalStack start(Config config) {
    LocalStack stack = new LocalStack(config);
    try {
      stack.startServices();
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private void startServices() {
    Path services = config.get(PlatformKeys.WORK_DIR).resolve("services");
    boolean embeddedKafka = config.get(PlatformKeys.KAFKA_BOOTSTRAP).isBlank();
    boolean embeddedMqtt = config.get(PlatformKeys.MQTT_HOST).isBlank();
    String secureKafka = config.get(StackKeys.KAFKA_SECURE_LISTENER);
    boolean mqttTls = config.get(StackKeys.MQTT_TRANSPORT).equals("tls");
    if ((embeddedKafka && !secureKafka.equals("none")) || (embeddedMqtt && mqttTls)) {
      pki = DevPki.open(pkiDir(config));
      LOG.info("dev PKI in {} (CA {})", pki.dir(), pki.caFile());
    }
    if (embeddedKafka) {
      long t0 = System.nanoTime();
      int securePort = config.get(StackKeys.KAFKA_SECURE_PORT);
      kafka = KafkaCluster.of(services.resolve("kafka"),
          KafkaCluster.plan(config.get(StackKeys.KAFKA_NODES), config.get(StackKeys.KAFKA_PORT), config.get(StackKeys.KAFKA_CONTROLLER_PORT)),
          config.get(StackKeys.KAFKA_HEAP), config.get(StackKeys.START_TIMEOUT),
          n -> secureKafka.equals("none") ? null
              : new KafkaServer.Secure(KafkaClientSecurity.protocolOf(secureKafka), n.id() == 1 ? securePort : Ports.free(), pki));
      kafka.start();
      LOG.info("embedded Kafka ({} node{}) ready at {} in {} ms{}", kafka.size(), kafka.size() == 1 ? "" : "s",
          kafka.bootstrapServers(), (System.nanoTime() - t0) / 1_000_000,
          kafka.gatewayAccess().map(a -> "; " + a.security().protocol() + " listener for gateways at " + a.bootstrapServers()).orElse(""));
    }
    if (embeddedMqtt) {
      long t0 = System.nanoTime();
      mqtt = new MqttServer(services.resolve("mqtt"), config.get(PlatformKeys.MQTT_PORT), config.get(StackKeys.START_TIMEOUT),
          mqttTls ? MqttServer.Tls.of(pki, config) : null).start();
      LOG.info("embedded MQTT broker ready at {}:{} ({}) in {} ms", mqtt.host(), mqtt.port(),
          mqttTls ? "TLS, client certificates required" : "plain TCP", (System.nanoTime() - t0) / 1_000_000);
    }
    if (config.get(PlatformKeys.REDIS_URL).isBlank()) {
      long t0 = System.nanoTime();
      redis = new RedisServer(services.resolve("redis"), config.get(StackKeys.REDIS_PORT),
          config.get(StackKeys.REDIS_BINARY), config.get(StackKeys.START_TIMEOUT)).start();
      LOG.info("local Redis ready at {} in {} ms", redis.url(), (System.nanoTime() - t0) / 1_000_000);
    }
    KafkaTopics.ensure(bootstrapServers(), config.get(PlatformKeys.TOPIC_PARTITIONS), kafka != null ? kafka.replication() : (short) 1,
        Set.of(config.get(PlatformKeys.TOPIC_TELEMETRY), config.get(PlatformKeys.TOPIC_DEAD_LETTER),
            config.get(PlatformKeys.TOPIC_ALERTS), config.get(PlatformKeys.TOPIC_LINEAGE)));
  }

  /**
   * The Atlas server for lineage: {@code atlas.url} when set; otherwise the local Atlas 2.1.0 server, started on the
   * first call (it takes ~40 s and ~0.5 GB, so only commands that need it pay for it) and stopped with the stack.
   */
  public synchronized String atlasUrl() {
    if (!config.get(PlatformKeys.ATLAS_URL).isBlank()) return config.get(PlatformKeys.ATLAS_URL);
    if (atlas == null) {
      long t0 = System.nanoTime();
      atlas = new AtlasServer(config.get(PlatformKeys.WORK_DIR).resolve("services").resolve("atlas"),
          config.get(StackKeys.ATLAS_PORT), config.get(StackKeys.ATLAS_HEAP), config.get(StackKeys.START_TIMEOUT)).start();
      LOG.info("local Atlas ready at {} in {} ms", atlas.url(), (System.nanoTime() - t0) / 1_000_000);
    }
    return atlas.url();
  }

  /** The local Atlas server, or null when Atlas is external or not started. */
  public synchronized AtlasServer atlas() {
    return atlas;
  }

  public String bootstrapServers() {
    return kafka != null ? kafka.bootstrapServers() : config.get(PlatformKeys.KAFKA_BOOTSTRAP);
  }

  /** The config with embedded service addresses filled in. */
  public Config config() {
    Config c = config;
    if (kafka != null) c = c.with(PlatformKeys.KAFKA_BOOTSTRAP, kafka.bootstrapServers());
    if (mqtt != null) c = c.with(PlatformKeys.MQTT_HOST, mqtt.host());
    if (mqtt != null && mqtt.caFile() != null) {
      c = c.with(PlatformKeys.MQTT_TLS_CA_FILE, mqtt.caFile().toString())
          .with(PlatformKeys.MQTT_TLS_IDENTITY_DIR, pki.dir().toString());
    }
    if (redis != null) c = c.with(PlatformKeys.REDIS_URL, redis.url());
    if (atlas() != null) c = c.with(PlatformKeys.ATLAS_URL, atlas.url());
    return c;
  }

  /** The folder of the local stack's dev PKI: {@code <lakehouse.work-dir>/services/pki}. */
  public static Path pkiDir(Config config) {
    return config.get(PlatformKeys.WORK_DIR).resolve("services").resolve("pki");
  }

  /**
   * Issues dev PKI client certificates for {@code ids} that lack a valid one, so they can connect to the embedded
   * MQTT broker; a no-op when it is plain TCP or external. Returns how many were issued.
   */
  public int issue(TlsRole role, Collection<String> ids) {
    return mqtt != null && mqtt.caFile() != null ? pki.issueAll(role, ids) : 0;
  }

  /** The dev PKI (CA, server and client certificates), or null when no embedded service uses TLS. */
  public DevPki pki() {
    return pki;
  }

  /** The embedded broker (node 1 of a cluster), or null when Kafka is external. */
  public KafkaServer kafka() {
    return kafka == null ? null : kafka.node(1);
  }

  /** The embedded Kafka cluster (one node unless {@code stack.kafka.nodes} says more), or null when Kafka is external. */
  public KafkaCluster kafkaCluster() {
    return kafka;
  }

  /** The embedded MQTT broker, or null when MQTT is external. */
  public MqttServer mqtt() {
    return mqtt;
  }

  /** The local Redis, or null when Redis is external. */
  public RedisServer redis() {
    return redis;
  }

  @Override
  public void close() {
    if (atlas() != null) atlas.close();
    if (redis != null) redis.close();
    if (mqtt != null) mqtt.close();
    if (kafka != null) kafka.close();
  }
}
