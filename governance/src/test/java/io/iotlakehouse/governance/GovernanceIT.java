package io.iotlakehouse.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.common.lineage.LineageDataset;
import io.iotlakehouse.common.lineage.LineageEmitter;
import io.iotlakehouse.common.lineage.LineageEvent;
import io.iotlakehouse.common.lineage.LineageEvents;
import io.iotlakehouse.governance.io.AtlasClient;
import io.iotlakehouse.governance.io.LineageRecorder;
import io.iotlakehouse.governance.io.LineageTrace;
import io.iotlakehouse.governance.transform.LineageGraph;
import io.iotlakehouse.governance.transform.TraceRender;
import io.iotlakehouse.stack.AtlasServer;
import io.iotlakehouse.stack.LocalStack;
import io.iotlakehouse.stack.Ports;
import io.iotlakehouse.stack.StackKeys;
import io.iotlakehouse.streaming.GoldKeys;
import io.iotlakehouse.streaming.SilverKeys;
import io.iotlakehouse.streaming.StreamingKeys;
import io.iotlakehouse.streaming.io.SparkLineage;
import io.iotlakehouse.streaming.job.BronzeJob;
import io.iotlakehouse.streaming.job.GoldJob;
import io.iotlakehouse.streaming.job.SilverJob;
import io.iotlakehouse.streaming.transform.silver.SilverSchemas;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Against a real Atlas 2.1.0 server and a real Kafka broker: the events the streaming jobs, the gateway, training
 * and deployment emit (built by their own code) become the chain topic -> bronze -> silver -> gold -> training
 * dataset -> model version -> edge deployment in Atlas's lineage API, with table versions and PII classifications
 * propagated to gold; replay changes nothing; an Atlas outage loses and doubles nothing; bad events are parked.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GovernanceIT {
  static Path work;
  static LocalStack stack;
  static Config cfg;
  static AtlasClient atlas;
  static LineageRecorder recorder;
  static LineageEmitter emitter;
  static AtlasServer restarted;
  static final List<LineageEvent> SENT = new ArrayList<>();
  static final String GATEWAY = "gw-it-1";
  static final String MLFLOW_RUN = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

  @BeforeAll
  static void start() throws Exception {
    work = Files.createTempDirectory("governance-it");
    List<io.iotlakehouse.common.config.ConfigKey<?>> keys = new ArrayList<>(PlatformKeys.keys());
    keys.addAll(StackKeys.keys());
    keys.addAll(StreamingKeys.keys());
    keys.addAll(SilverKeys.keys());
    keys.addAll(GoldKeys.keys());
    keys.addAll(GovernanceKeys.keys());
    Config base = Config.load(keys, null, List.of(
        "lakehouse.work-dir=" + work, "stack.kafka.port=" + Ports.free(), "stack.kafka.controller-port=" + Ports.free(),
        "mqtt.port=" + Ports.free(), "stack.redis.port=" + Ports.free(), "stack.atlas.port=" + Ports.free(),
        "governance.recorder.retry-interval=1s"));
    stack = LocalStack.start(base);
    long t0 = System.nanoTime();
    stack.atlasUrl();
    System.out.printf("Atlas ready in %d ms, RSS %s%n", (System.nanoTime() - t0) / 1_000_000, rss(stack.atlas().process().pid()));
    cfg = stack.config();
    atlas = new AtlasClient(cfg.get(PlatformKeys.ATLAS_URL), AtlasServer.USER, AtlasServer.PASSWORD);
    recorder = new LineageRecorder(cfg, atlas).start();
    emitter = LineageEmitter.of(cfg);
  }

  @AfterAll
  static void stop() {
    if (emitter != null) emitter.close();
    if (recorder != null) recorder.close();
    if (restarted != null) restarted.close();
    if (stack != null) stack.close();
  }

  static void send(LineageEvent e) {
    SENT.add(e);
    emitter.emit(e);
  }

  static LineageEvent streaming(SparkLineage.Job job, LineageEvent.Type type, Map<String, Long> versions) {
    Map<String, List<LineageDataset.Field>> schemas = new HashMap<>();
    for (LineageDataset d : job.outputs()) {
      if (d.name().endsWith("/silver/telemetry")) {
        List<LineageDataset.Field> fields = new ArrayList<>();
        for (var f : SilverSchemas.SILVER.fields()) fields.add(new LineageDataset.Field(f.name(), f.dataType().simpleString()));
        schemas.put(d.name(), fields);
      }
    }
    Map<String, Long> byName = new HashMap<>();
    versions.forEach((suffix, v) -> job.outputs().stream().filter(d -> d.name().endsWith(suffix))
        .forEach(d -> byName.put(d.name(), v)));
    return job.event(type, UUID.randomUUID().toString(), byName, schemas);
  }

  static String lake(String layerTable) {
    return cfg.get(PlatformKeys.WORK_DIR).resolve("lake").toAbsolutePath() + "/" + layerTable;
  }

  @Test
  @Order(1)
  void recordsTheChainFromDevicesToTheEdge() {
    LineageDataset topic = LineageEvents.telemetryTopic(cfg.get(PlatformKeys.KAFKA_BOOTSTRAP), cfg.get(PlatformKeys.TOPIC_TELEMETRY));
    send(LineageEvents.gatewayIngest(LineageEvent.Type.RUNNING, GATEWAY, UUID.randomUUID().toString(),
        List.of(LineageDataset.device("truck-0001", "truck"), LineageDataset.device("env-0001", "env")), topic));
    send(streaming(BronzeJob.lineage(cfg), LineageEvent.Type.START, Map.of("/bronze/telemetry", 3L)));
    send(streaming(SilverJob.lineage(SilverJob.Paths.from(cfg)), LineageEvent.Type.RUNNING, Map.of("/silver/telemetry", 2L)));
    send(streaming(GoldJob.lineage(GoldJob.Paths.from(cfg)), LineageEvent.Type.RUNNING,
        Map.of("/gold/turbofan_health", 5L, "/gold/asset_health", 5L)));
    LineageDataset model = LineageDataset.modelVersion("rul", 3, MLFLOW_RUN);
    LineageEvents.training("retrain-rul", MLFLOW_RUN,
        List.of(LineageDataset.deltaTable(lake("gold/turbofan_health"), "gold", "turbofan_health", 5L, List.of())),
        LineageDataset.trainingDataset("rul-2026-11", Map.of("gold.turbofan_health", 5L)), model).forEach(GovernanceIT::send);
    send(LineageEvents.edgeDeployment(GATEWAY, model, Instant.parse("2026-11-24T10:00:00Z")));

    await().atMost(Duration.ofMinutes(3)).until(() -> recorder.applied() + recorder.unchanged() >= SENT.size());
    LineageTrace.Trace t = new LineageTrace(atlas).trace(topic.shortName(), "OUTPUT", 20);
    LineageGraph g = t.graph();
    String chain = path(g, topic.qualifiedName(), "iot://gateways/" + GATEWAY);
    assertThat(chain).isEqualTo(String.join(" -> ", "iot-telemetry", "bronze-telemetry", "bronze.telemetry",
        "silver-telemetry", "silver.telemetry", "gold-telemetry", "gold.turbofan_health", "retrain-rul-dataset",
        "rul-2026-11", "retrain-rul", "rul/3", "deploy-rul-3-" + GATEWAY, GATEWAY));
    assertThat(g.node("file://" + lake("bronze/telemetry")).version()).isEqualTo("3");
    assertThat(g.node("file://" + lake("gold/turbofan_health")).version()).isEqualTo("5");
    JsonNode training = atlas.entity("lakehouse_training_dataset", "lakehouse://training/rul-2026-11").orElseThrow();
    assertThat(training.at("/attributes/tableVersions/gold.turbofan_health").asLong()).isEqualTo(5);
    JsonNode deploy = atlas.entity("lakehouse_edge_deployment", "lakehouse://deploy-rul-3-" + GATEWAY).orElseThrow();
    assertThat(deploy.at("/attributes/deployedAt").asLong()).isEqualTo(Instant.parse("2026-11-24T10:00:00Z").toEpochMilli());
    // GPS fields enter at the topic (payload.lat/lon) and silver (lat, lon); Atlas propagates them down to gold
    JsonNode gold = atlas.entity("lakehouse_delta_table", "file://" + lake("gold/asset_health")).orElseThrow();
    assertThat(gold.path("classifications").findValuesAsText("typeName")).contains("pii_gps_position");
    assertThat(atlas.entity("kafka_topic", topic.qualifiedName()).orElseThrow().path("classifications").toString())
        .contains("payload.lat,payload.lon");
  }

  /** The names along the unique path from {@code from} to {@code to}. */
  static String path(LineageGraph g, String from, String to) {
    List<String> names = new ArrayList<>();
    String at = from;
    names.add(g.node(at).name());
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (!at.equals(to) && seen.add(at)) {
      String next = null;
      for (String d : g.downstreamOf(at)) if (reaches(g, d, to, new java.util.HashSet<>())) next = d;
      if (next == null) break;
      at = next;
      names.add(g.node(at).name());
    }
    return String.join(" -> ", names);
  }

  static boolean reaches(LineageGraph g, String from, String to, java.util.Set<String> seen) {
    if (from.equals(to)) return true;
    if (!seen.add(from)) return false;
    return g.downstreamOf(from).stream().anyMatch(d -> reaches(g, d, to, seen));
  }

  @Test
  @Order(2)
  void replayChangesNothing() {
    Map<String, Long> before = updateTimes();
    long applied = recorder.applied();
    long unchanged = recorder.unchanged();
    SENT.forEach(emitter::emit);
    await().atMost(Duration.ofMinutes(2)).until(() -> recorder.unchanged() >= unchanged + SENT.size());
    assertThat(recorder.applied()).isEqualTo(applied);
    assertThat(updateTimes()).isEqualTo(before);
  }

  static Map<String, Long> updateTimes() {
    Map<String, Long> m = new HashMap<>();
    for (String type : List.of("DataSet", "Process")) {
      atlas.search(type, 1000, 0).path("entities").forEach(e -> m.put(e.path("guid").asText(),
          atlas.entityByGuid(e.path("guid").asText()).path("updateTime").asLong()));
    }
    return m;
  }

  @Test
  @Order(3)
  void malformedEventsAreParkedAndTheRecorderGoesOn() throws Exception {
    long parked = recorder.parked();
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", cfg.get(PlatformKeys.KAFKA_BOOTSTRAP)),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      p.send(new ProducerRecord<>(cfg.get(PlatformKeys.TOPIC_LINEAGE), "x".getBytes(StandardCharsets.UTF_8),
          "{not lineage".getBytes(StandardCharsets.UTF_8))).get();
    }
    send(LineageEvents.gatewayIngest(LineageEvent.Type.RUNNING, GATEWAY, UUID.randomUUID().toString(),
        List.of(LineageDataset.device("turbofan-0001", "turbofan")),
        LineageEvents.telemetryTopic(cfg.get(PlatformKeys.KAFKA_BOOTSTRAP), cfg.get(PlatformKeys.TOPIC_TELEMETRY))));
    await().atMost(Duration.ofMinutes(2)).until(() -> recorder.parked() == parked + 1
        && atlas.entity("lakehouse_device", "iot://devices/turbofan-0001").isPresent());
  }

  @Test
  @Order(4)
  void eventsWaitForAnAtlasOutageAndAreAppliedOnceAfterIt() {
    AtlasServer local = stack.atlas();
    local.kill();
    send(streaming(SilverJob.lineage(SilverJob.Paths.from(cfg)), LineageEvent.Type.RUNNING, Map.of("/silver/telemetry", 4L)));
    LineageDataset topic = LineageEvents.telemetryTopic(cfg.get(PlatformKeys.KAFKA_BOOTSTRAP), cfg.get(PlatformKeys.TOPIC_TELEMETRY));
    String run = UUID.randomUUID().toString();
    send(LineageEvents.gatewayIngest(LineageEvent.Type.RUNNING, GATEWAY, run, List.of(LineageDataset.device("truck-0002", "truck")), topic));
    send(LineageEvents.gatewayIngest(LineageEvent.Type.RUNNING, GATEWAY, run, List.of(LineageDataset.device("truck-0002", "truck")), topic));
    await().atMost(Duration.ofMinutes(1)).until(recorder::waitingForAtlas);

    restarted = new AtlasServer(work.resolve("services/atlas"), cfg.get(StackKeys.ATLAS_PORT), "1g", Duration.ofMinutes(4)).start();
    // the lineage topic is keyed by job: the silver and the gateway events may be applied in either order
    await().atMost(Duration.ofMinutes(3)).until(() -> !recorder.waitingForAtlas()
        && atlas.entity("lakehouse_device", "iot://devices/truck-0002").isPresent()
        && atlas.entity("lakehouse_delta_table", "file://" + lake("silver/telemetry")).orElseThrow()
            .at("/attributes/currentVersion").asLong() == 4);
    JsonNode ingest = atlas.entity("lakehouse_gateway_ingest", "lakehouse://gateway-" + GATEWAY).orElseThrow();
    List<String> inputs = ingest.path("relationshipAttributes").path("inputs").findValuesAsText("guid");
    assertThat(inputs).hasSize(4).doesNotHaveDuplicates(); // truck-0001, env-0001, turbofan-0001, truck-0002
    List<String> runIds = new ArrayList<>();
    ingest.at("/attributes/runIds").forEach(r -> runIds.add(r.asText()));
    assertThat(runIds).doesNotHaveDuplicates().contains(run);
  }

  @Test
  @Order(5)
  void tracesATableUpstreamAndSuggestsCloseNames() {
    LineageTrace trace = new LineageTrace(atlas);
    LineageTrace.Trace t = trace.trace("gold.asset_health", "INPUT", 10);
    String text = TraceRender.text(t.graph(), t.starts(), true, false);
    assertThat(text).contains("<- gold-telemetry", "<- silver.telemetry", "<- bronze.telemetry", "<- iot-telemetry",
        "<- gateway-" + GATEWAY, "truck-0001");
    String json = TraceRender.json(t.graph(), t.starts(), "INPUT");
    assertThat(json).contains("\"type\":\"lakehouse_device\"", "\"edges\"");
    LineageTrace.Trace gw = trace.trace(GATEWAY, "BOTH", 10);
    assertThat(TraceRender.text(gw.graph(), gw.starts(), true, true)).contains("<- deploy-rul-3-" + GATEWAY,
        "<- rul/3", "<- rul-2026-11", "-> iot-telemetry");
    assertThatThrownBy(() -> trace.trace("gold.asset_helth", "INPUT", 10))
        .isInstanceOf(LakehouseException.class).hasMessageContaining("did you mean gold.asset_health");
  }

  static String rss(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS"))
          .findFirst().orElse("?").replaceAll("\\s+", " ");
    } catch (java.io.IOException e) {
      return "?";
    }
  }
}
