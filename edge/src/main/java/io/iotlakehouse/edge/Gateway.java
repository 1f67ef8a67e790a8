package io.iotlakehouse.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.tls.ClientTls;
import io.iotlakehouse.common.tls.TlsRole;
import io.iotlakehouse.edge.inference.InferenceMetrics;
import io.iotlakehouse.edge.inference.LocalInference;
import io.iotlakehouse.edge.inference.ModelInfo;
import io.iotlakehouse.edge.inference.ModelRuntime;
import io.iotlakehouse.edge.io.BufferForwarder;
import io.iotlakehouse.edge.io.EventBuffer;
import io.iotlakehouse.edge.io.GatewayLineage;
import io.iotlakehouse.edge.io.GatewayMetrics;
import io.iotlakehouse.edge.io.KafkaForwarder;
import io.iotlakehouse.edge.io.MqttIngress;
import io.iotlakehouse.edge.io.SqliteEventBuffer;
import io.iotlakehouse.edge.rollout.DesiredModel;
import io.iotlakehouse.edge.rollout.ModelAgent;
import io.iotlakehouse.edge.transform.EnvelopeCheck;
import io.iotlakehouse.edge.transform.FullPolicy;
import io.iotlakehouse.edge.transform.Outbound;
import io.iotlakehouse.edge.transform.PolicyRules;
import io.iotlakehouse.edge.transform.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway agent: MQTT in, envelope check, durable buffer, Kafka out. A device's QoS 1 publish is acknowledged
 * once it is durably in the buffer (group commit), or known as a duplicate of a seq the gateway already accepted, or
 * dropped by the drop-oldest policy (counted). A separate forwarder drains the buffer into Kafka in arrival order
 * and removes entries only once Kafka acknowledged them. So a Kafka outage fills the buffer instead of backing up the
 * devices, and a crash at any moment loses nothing: what was acknowledged is in the buffer, what was not is
 * redelivered by the broker to the gateway's persistent session.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  /** Unacknowledged MQTT messages at once (flow control towards the broker). */
  static final int RECEIVE_MAXIMUM = 8192;
  private static final ObjectMapper JSON_STRINGS = new ObjectMapper();

  private final String id;
  private final EnvelopeCheck check;
  private final int maxPayload;
  private final PolicyRules policies;
  private final GatewayMetrics metrics = new GatewayMetrics();
  private final GatewayLineage lineage;
  private final SqliteEventBuffer buffer;
  private final KafkaUplink uplink;
  private final BufferForwarder forwarder;
  private final MqttIngress ingress;
  private final LocalInference inference;
  private final ModelAgent agent;
  private final String controlTopic;
  private final int metricsPort;
  private final long heartbeatMillis;
  private final String heartbeatTopic;
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "gateway-ticker");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong acked = new AtomicLong();
  private volatile boolean accepting = true;
  private int boundPort = -1;

  public Gateway(Config config) {
    this.id = config.get(GatewayKeys.GATEWAY_ID);
    long maxPayloadBytes = config.get(GatewayKeys.MAX_PAYLOAD);
    this.maxPayload = (int) maxPayloadBytes;
    long budget = config.get(GatewayKeys.BUFFER_MAX_BYTES);
    if (budget < 16 * (maxPayloadBytes + 1024)) throw EdgeErrors.budgetTooSmall(budget, maxPayloadBytes);
    this.check = new EnvelopeCheck(maxPayloadBytes);
    this.lineage = new GatewayLineage(config, id);
    this.policies = PolicyRules.parse(config.get(GatewayKeys.BUFFER_POLICIES),
        FullPolicy.fromWire(config.get(GatewayKeys.BUFFER_FULL_POLICY)));
    this.buffer = new SqliteEventBuffer(new SqliteEventBuffer.Settings(bufferDir(config), budget,
        config.get(GatewayKeys.GROUP_COMMIT_MAX_MESSAGES), config.get(GatewayKeys.GROUP_COMMIT_MAX_WAIT),
        config.get(GatewayKeys.BUFFER_FSYNC)), metrics);
    try {
      this.uplink = KafkaUplink.from(config);
      String telemetry = config.get(PlatformKeys.TOPIC_TELEMETRY);
      String dlq = config.get(PlatformKeys.TOPIC_DEAD_LETTER);
      var timeout = config.get(GatewayKeys.DELIVERY_TIMEOUT);
      String compression = config.get(GatewayKeys.COMPRESSION);
      this.forwarder = new BufferForwarder(buffer,
          () -> new KafkaForwarder(uplink.bootstrapServers(), uplink.properties(), telemetry, dlq, id, maxPayloadBytes, timeout,
              compression),
          config.get(GatewayKeys.MAX_IN_FLIGHT));
      metrics.bind(buffer::stats, forwarder::forwarded, forwarder::kafkaConnected, forwarder::producerResets);
      this.heartbeatTopic = "gateways/" + id + "/heartbeat";
      this.ingress = new MqttIngress(config.get(PlatformKeys.MQTT_HOST), config.get(PlatformKeys.MQTT_PORT),
          ClientTls.mqtt(config, TlsRole.GATEWAY, id).map(Gateway::sslConfig).orElse(null), "gateway-" + id,
          config.get(GatewayKeys.TOPIC_FILTER), RECEIVE_MAXIMUM, heartbeatTopic, status("offline").getBytes(StandardCharsets.UTF_8),
          this::onMessage);
      this.inference = LocalInference.create(config, id, metrics.registry(), ingress::publish);
      this.agent = ModelAgent.create(config, id, inference);
      this.controlTopic = DesiredModel.topic(id);
      this.metricsPort = config.get(GatewayKeys.METRICS_PORT);
      this.heartbeatMillis = config.get(GatewayKeys.HEARTBEAT_INTERVAL).toMillis();
    } catch (RuntimeException e) {
      buffer.close();
      throw e;
    }
  }

  /** The MQTT client TLS settings of a certificate identity. */
  public static MqttClientSslConfig sslConfig(ClientTls tls) {
    return MqttClientSslConfig.builder().keyManagerFactory(tls.keyManagers()).trustManagerFactory(tls.trustManagers()).build();
  }

  /** {@code edge.buffer.dir}, or {@code <work-dir>/gateways/<gateway-id>} when empty. */
  public static Path bufferDir(Config config) {
    String dir = config.get(GatewayKeys.BUFFER_DIR);
    return dir.isBlank()
        ? config.get(PlatformKeys.WORK_DIR).resolve("gateways").resolve(config.get(GatewayKeys.GATEWAY_ID))
        : Path.of(dir);
  }

  public Gateway start() {
    boundPort = metrics.serve(metricsPort);
    lineage.start();
    forwarder.start();
    inference.start(); // the newest good model bundle is loaded before the first event arrives
    ingress.start();
    try {
      ingress.subscribe(controlTopic); // the retained desired model, if any, arrives now
    } catch (RuntimeException e) { // rollout is optional: the gateway still forwards and scores what it holds
      LOG.warn("gateway {} takes no rollout instructions: subscribing to {} failed ({}). Models change only when bundles "
          + "are dropped into edge.model.dir. How to fix: allow gateways to subscribe to gateways/<id>/model/desired "
          + "(stack.mqtt.acl.gateway-subscribe, default devices/#,gateways/{id}/#)", id, controlTopic, e.toString());
    }
    ticker.scheduleAtFixedRate(() -> metrics.tick(forwarder.forwarded()), 1, 1, TimeUnit.SECONDS);
    ticker.scheduleAtFixedRate(this::heartbeat, 0, heartbeatMillis, TimeUnit.MILLISECONDS);
    LOG.info("gateway {} started: buffer {}, Kafka {}, metrics http://127.0.0.1:{}/metrics, heartbeat on MQTT {}", id,
        buffer.dir(), uplink, boundPort, heartbeatTopic);
    return this;
  }

  private void onMessage(Mqtt5Publish publish) {
    if (!accepting) return; // shutting down: leave it unacknowledged, the broker redelivers it
    if (controlTopic.equals(publish.getTopic().toString())) {
      agent.onDesired(publish.getPayloadAsBytes());
      publish.acknowledge();
      return;
    }
    long received = System.currentTimeMillis();
    metrics.received();
    String topic = publish.getTopic().toString();
    byte[] payload = publish.getPayloadAsBytes();
    Verdict v = check.check(topic, payload);
    if (v instanceof Verdict.Rejected r) metrics.deadLettered(r.reason());
    if (v instanceof Verdict.Accepted a) lineage.seen(a.event());
    ModelRuntime.Ticket model = inference.admit(v); // the local model that will judge it, if any: tags the record
    Outbound out = Outbound.of(v, topic, payload, received, maxPayload).withModel(model.modelName(), model.modelVersion());
    buffer.append(out, policies.policyFor(topic)).whenComplete((outcome, err) -> {
      if (err == null) {
        publish.acknowledge();
        acked.incrementAndGet();
      }
      // else: the buffer is closing; unacknowledged, so the broker redelivers it after a restart
      inference.stored(model, outcome == EventBuffer.Outcome.STORED); // scored after the ack, off this thread
    });
  }

  private void heartbeat() {
    try {
      if (!ingress.connected()) return;
      ingress.publishRetained(heartbeatTopic, status("online").getBytes(StandardCharsets.UTF_8));
      metrics.heartbeat();
    } catch (RuntimeException e) {
      LOG.debug("heartbeat not sent: {}", e.toString());
    }
  }

  /** The heartbeat JSON: gateway, status, time and the main health figures. */
  String status(String status) {
    if (!"online".equals(status)) {
      return String.format(Locale.ROOT, "{\"gateway\":\"%s\",\"status\":\"%s\",\"ts\":%d}", id, status, System.currentTimeMillis());
    }
    EventBuffer.Stats s = buffer.stats();
    ModelInfo serving = inference.runtime().serving();
    DesiredModel desired = agent.desired();
    InferenceMetrics im = inference.runtime().metrics();
    long age = s.oldestUnsentMillis() < 0 ? 0 : Math.max(0, System.currentTimeMillis() - s.oldestUnsentMillis());
    return String.format(Locale.ROOT,
        "{\"gateway\":\"%s\",\"status\":\"%s\",\"ts\":%d,\"buffer_messages\":%d,\"buffer_bytes\":%d,"
            + "\"oldest_unsent_age_ms\":%d,\"blocked\":%b,\"kafka_connected\":%b,\"forwarded\":%d,\"dropped\":%d,"
            + "\"duplicates\":%d,\"model\":%s,\"model_bundle\":%s,\"model_desired\":%s,\"model_desired_bundle\":%s,"
            + "\"rollout_id\":%s,\"model_state\":%s,\"scored\":%d,\"score_errors\":%d,\"alerts\":%d}",
        id, status, System.currentTimeMillis(), s.messages(), s.bytes(), age, s.blocked(), forwarder.kafkaConnected(),
        forwarder.forwarded(), metrics.droppedTotal(), metrics.duplicatesTotal(),
        quoted(serving == null ? null : serving.label()), quoted(serving == null ? null : serving.bundleId()),
        quoted(desired == null ? null : desired.label()), quoted(desired == null ? null : desired.bundleId()),
        quoted(desired == null ? null : desired.rolloutId()), quoted(agent.state()), im.scoredTotal(), im.errorsTotal(),
        im.alertsTotal());
  }

  private static String quoted(String s) {
    return s == null ? "null" : JSON_STRINGS.valueToTree(s).toString();
  }

  /** Messages acknowledged to devices (stored, duplicate or dropped by policy). */
  public long acknowledged() {
    return acked.get();
  }

  /** Entries Kafka acknowledged. */
  public long forwarded() {
    return forwarder.forwarded();
  }

  public EventBuffer.Stats bufferStats() {
    return buffer.stats();
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  /** The rollout agent (desired model, its state). */
  public ModelAgent modelAgent() {
    return agent;
  }

  /** The local model runtime (model in service, score and alert counters). */
  public ModelRuntime inference() {
    return inference.runtime();
  }

  public int metricsPort() {
    return boundPort;
  }

  /**
   * Stops taking messages, commits what was received, gives Kafka a few seconds for what is in flight, then closes.
   * Whatever Kafka does not have yet stays in the buffer for the next start.
   */
  @Override
  public void close() {
    accepting = false;
    ticker.shutdownNow();
    try {
      ingress.publishRetained(heartbeatTopic, status("stopped").getBytes(StandardCharsets.UTF_8)).get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.debug("last heartbeat not sent: {}", e.toString());
    }
    forwarder.close();
    buffer.close();
    agent.close();
    inference.close();
    ingress.close();
    metrics.close();
    lineage.close();
    LOG.info("gateway {} stopped: {} acknowledged to devices, {} forwarded to Kafka", id, acked.get(), forwarder.forwarded());
  }
}
