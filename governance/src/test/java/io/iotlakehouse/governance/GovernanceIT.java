package io.iotlakehouse.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.delta.tables.DeltaTable;
import io.iotlakehouse.common.bundle.SigningKeys;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.lineage.LineageDataset;
import io.iotlakehouse.common.lineage.LineageEmitter;
import io.iotlakehouse.common.lineage.LineageEvent;
import io.iotlakehouse.common.lineage.LineageEvents;
import io.iotlakehouse.common.tls.TlsRole;
import io.iotlakehouse.edge.Gateway;
import io.iotlakehouse.edge.GatewayKeys;
import io.iotlakehouse.edge.GatewayMain;
import io.iotlakehouse.edge.inference.InferenceKeys;
import io.iotlakehouse.edge.rollout.DesiredModel;
import io.iotlakehouse.edge.rollout.EdgeBundles;
import io.iotlakehouse.edge.rollout.GatewayDirectory;
import io.iotlakehouse.edge.rollout.RolloutController;
import io.iotlakehouse.edge.rollout.RolloutKeys;
import io.iotlakehouse.governance.io.AtlasClient;
import io.iotlakehouse.governance.io.LineageRecorder;
import io.iotlakehouse.governance.io.LineageTrace;
import io.iotlakehouse.governance.transform.LineageGraph;
import io.iotlakehouse.governance.transform.TraceRender;
import io.iotlakehouse.registry.RegisteredVersion;
import io.iotlakehouse.registry.mlflow.MlflowModelRegistry;
import io.iotlakehouse.registry.mlflow.MlflowTracker;
import io.iotlakehouse.registry.server.MlflowCompatibleServer;
import io.iotlakehouse.simulators.SequenceStore;
import io.iotlakehouse.simulators.SimulatedDevice;
import io.iotlakehouse.simulators.SimulatorKeys;
import io.iotlakehouse.simulators.SimulatorRunner;
import io.iotlakehouse.simulators.TurbofanReplay;
import io.iotlakehouse.stack.AtlasServer;
import io.iotlakehouse.stack.LocalStack;
import io.iotlakehouse.stack.Ports;
import io.iotlakehouse.stack.StackKeys;
import io.iotlakehouse.streaming.GoldKeys;
import io.iotlakehouse.streaming.SilverKeys;
import io.iotlakehouse.streaming.StreamingKeys;
import io.iotlakehouse.streaming.io.GoldTables;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.io.SparkLineage;
import io.iotlakehouse.streaming.io.SparkSessions;
import io.iotlakehouse.streaming.job.BronzeJob;
import io.iotlakehouse.streaming.job.GoldJob;
import io.iotlakehouse.streaming.job.SilverJob;
import io.iotlakehouse.training.TrainingKeys;
import io.iotlakehouse.training.retrain.EngineRows;
import io.iotlakehouse.training.retrain.RetrainJob;
import io.iotlakehouse.training.retrain.RetrainResult;
import io.iotlakehouse.training.retrain.RetrainSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Against a real Atlas 2.1.0 server and a real Kafka broker, with every lineage event emitted by the component that
 * does the work, in this JVM: simulated turbofans publish over MQTT (TLS) to a real {@link Gateway}, which forwards to
 * the telemetry topic; the bronze, silver and gold jobs run (available-now) in a local Spark session; the monthly
 * retrain trains and registers a model version from gold at the version it pins; the rollout controller deploys that
 * version to the gateway. Atlas's lineage API then returns the chain topic -> bronze -> silver -> gold -> training
 * dataset -> model version -> edge deployment -> gateway with the Delta versions the jobs committed, the registry's
 * model version and PII classifications propagated to gold; replaying the topic changes nothing; an Atlas outage loses
 * and doubles nothing; bad events are parked.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GovernanceIT {
  static final String GATEWAY = "gw-it-1";
  /** Run-to-failure engines per side of the retrain's train/holdout split (the shortest FD001 engines). */
  static final int TRAINING_ENGINES = 2;
  static final int HOLDOUT_ENGINES = 1;
  /** Cycles the still-running engine reports, at {@value #RUNNING_HZ} Hz, after the others have stopped. */
  static final int RUNNING_CYCLES = 20;
  static final int RUNNING_HZ = 10;
  static Path work;
  static LocalStack stack;
  static CompletableFuture<String> atlasStarted;
  static Config cfg;
  static AtlasClient atlas;
  static LineageRecorder recorder;
  static AtlasServer restarted;
  static MlflowCompatibleServer mlflow;
  static Gateway gateway;
  static SparkSession spark;
  static LineageEmitter emitter;
  static final List<String> DEVICES = new ArrayList<>();
  /** What test 1 ran: the silver table's Delta version, the Atlas names of the training dataset, model version, deployment. */
  static long silverVersion;
  static String datasetName;
  static String modelVersionName;
  static String deploymentName;

  @BeforeAll
  static void start() throws Exception {
    work = Files.createTempDirectory("governance-it");
    LinkedHashSet<ConfigKey<?>> keys = new LinkedHashSet<>(PlatformKeys.keys());
    keys.addAll(StackKeys.keys());
    keys.addAll(GatewayMain.keys());
    keys.addAll(RolloutKeys.controllerKeys());
    keys.addAll(SimulatorKeys.keys());
    keys.addAll(StreamingKeys.keys());
    keys.addAll(SilverKeys.keys());
    keys.addAll(GoldKeys.keys());
    keys.addAll(TrainingKeys.keys());
    keys.addAll(GovernanceKeys.keys());
    Config base = Config.load(List.copyOf(keys), null, List.of(
        "lakehouse.work-dir=" + work, "stack.kafka.port=" + Ports.free(), "stack.kafka.controller-port=" + Ports.free(),
        "stack.kafka.secure-port=" + Ports.free(), "mqtt.port=" + Ports.free(), "stack.redis.port=" + Ports.free(),
        "stack.atlas.port=" + Ports.free(), "governance.recorder.retry-interval=1s",
        "edge.metrics.port=0", "edge.heartbeat.interval=500ms", "edge.model.poll-interval=200ms",
        "edge.rollout.watch-window=2s", "edge.rollout.min-scored=0", "edge.rollout.serve-timeout=60s",
        // the smallest retrain: 10 trees; an engine silent for 1 s (while another still reports) ran to failure
        "ml.retrain.rounds=10", "ml.retrain.completed-after=1s"));
    stack = LocalStack.start(base);
    cfg = stack.config(); // before Atlas starts: the stack holds its lock while Atlas boots
    // Atlas boots while the pipeline runs: the lineage events wait in Kafka until the recorder applies them
    long t0 = System.nanoTime();
    atlasStarted = CompletableFuture.supplyAsync(() -> {
      String url = stack.atlasUrl();
      System.out.printf("Atlas ready in %d ms, RSS %s%n", (System.nanoTime() - t0) / 1_000_000, rss(stack.atlas().process().pid()));
      return url;
    });
    mlflow = new MlflowCompatibleServer().start("127.0.0.1", 0, work.resolve("mlflow"));
    spark = SparkSessions.create("governance-it", "local[2]");
    emitter = LineageEmitter.of(cfg);
  }

  @AfterAll
  static void stop() {
    if (emitter != null) emitter.close();
    if (recorder != null) recorder.close();
    if (gateway != null) gateway.close();
    if (spark != null) spark.stop();
    if (mlflow != null) mlflow.stop();
    if (atlasStarted != null) atlasStarted.exceptionally(e -> null).join();
    if (restarted != null) restarted.close();
    if (stack != null) stack.close();
  }

  static String lake(String layerTable) {
    return cfg.get(PlatformKeys.WORK_DIR).resolve("lake").toAbsolutePath() + "/" + layerTable;
  }

  static long deltaVersion(String layerTable) {
    return DeltaTable.forPath(spark, lake(layerTable)).history(1).select("version").head().getLong(0);
  }

  @Test
  @Order(1)
  void recordsTheChainFromDevicesToTheEdge() throws Exception {
    long t0 = System.nanoTime();
    // devices -> MQTT -> gateway -> Kafka
    KeyPair signing = SigningKeys.generate();
    SigningKeys.write(signing, work.resolve("keys"), "dev");
    stack.issue(TlsRole.GATEWAY, List.of(GATEWAY));
    gateway = new Gateway(cfg.with(GatewayKeys.GATEWAY_ID, GATEWAY).with(InferenceKeys.MODEL_DIR, work.resolve("models").toString())
        .with(InferenceKeys.TRUSTED_KEYS, work.resolve("keys/dev.pub").toString())).start();
    Map<Integer, List<Payload.Turbofan>> fd001 = TurbofanReplay.fd001();
    List<SimulatedDevice> failed = runToFailureEngines(fd001);
    int runningUnit = fd001.keySet().stream().filter(u -> !DEVICES.contains(turbofanId(u))).findFirst().orElseThrow();
    SimulatedDevice running = new TurbofanReplay(turbofanId(runningUnit), fd001.get(runningUnit), 0);
    DEVICES.add(running.id());
    stack.issue(TlsRole.DEVICE, DEVICES);
    SequenceStore sequences = new SequenceStore(work.resolve("sequences.json"));
    long published = publish(cfg.with(SimulatorKeys.RATE_HZ, "0"), failed, sequences);
    // the last engine keeps reporting after the others stopped: they ran to failure, it is censored
    published += publish(cfg.with(SimulatorKeys.RATE_HZ, Integer.toString(RUNNING_HZ))
        .with(SimulatorKeys.EVENTS_PER_DEVICE, Integer.toString(RUNNING_CYCLES)), List.of(running), sequences);
    long events = published;
    await().atMost(Duration.ofMinutes(1)).until(() -> gateway.forwarded() >= events);
    System.out.printf("%d events from %d devices in Kafka after %d ms%n", events, DEVICES.size(), ms(t0));

    // Kafka -> bronze -> silver -> gold (each job's SparkLineage listener emits what it committed)
    BronzeJob.start(spark, cfg, Trigger.AvailableNow()).awaitTermination();
    SilverJob.start(spark, cfg, Trigger.AvailableNow()).awaitTermination();
    GoldJob.start(spark, cfg, Trigger.AvailableNow()).awaitTermination();
    long bronze = deltaVersion("bronze/telemetry");
    long silver = silverVersion = deltaVersion("silver/telemetry");
    long gold = deltaVersion("gold/turbofan_health");
    System.out.printf("bronze v%d, silver v%d, gold turbofan_health v%d after %d ms%n", bronze, silver, gold, ms(t0));

    // gold -> training dataset -> model version (the retrain pins the gold version it reads)
    YearMonth month = YearMonth.now(ZoneOffset.UTC);
    RetrainResult retrain = RetrainJob.run(spark, RetrainSettings.from(cfg, GoldTables.in(Lake.from(cfg)).turbofanHealth()),
        mlflow.uri(), cfg, month, null, System.out::println);
    assertThat(retrain.goldVersion()).isEqualTo(gold);
    String model = cfg.get(TrainingKeys.RUL_MODEL);
    RetrainResult.ModelResult rul = retrain.models().stream().filter(m -> m.name().equals(model)).findFirst().orElseThrow();
    System.out.printf("retrain: %s version %s from gold v%d after %d ms%n", model, rul.version(), retrain.goldVersion(), ms(t0));

    // model version -> edge deployment -> gateway (the rollout as `lakehouse models rollout` runs it)
    stack.issue(TlsRole.CONTROLLER, List.of(cfg.get(RolloutKeys.CONTROLLER_ID)));
    Instant rolloutStart = Instant.now();
    RegisteredVersion version;
    try (MlflowTracker tracker = new MlflowTracker(mlflow.uri());
        MlflowModelRegistry registry = new MlflowModelRegistry(mlflow.uri());
        GatewayDirectory gateways = GatewayDirectory.connect(cfg);
        LineageEmitter lineage = LineageEmitter.of(cfg)) {
      version = registry.getByAlias(model, RetrainJob.CHALLENGER);
      DesiredModel bundle = new EdgeBundles(registry, tracker, mlflow.uri(), work.resolve("rollout")).prepare(version, signing,
          Map.of(), "governance-it");
      RolloutController.Outcome outcome = new RolloutController(gateways, registry, lineage, Clock.systemUTC(),
          d -> Thread.sleep(d.toMillis()), RolloutController.Settings.from(cfg), System.out::println).run(version, bundle);
      assertThat(outcome.decision()).as(outcome.toJson()).isEqualTo("completed");
      assertThat(outcome.deployed()).containsExactly(GATEWAY);
    }
    Instant rolloutEnd = Instant.now();
    assertThat(version.version()).isEqualTo(rul.version());
    assertThat(gateway.inference().serving().label()).isEqualTo(model + "@" + version.version());
    System.out.printf("pipeline done after %d ms%n", ms(t0));

    // Atlas: the recorder applies what waited in Kafka
    atlas = new AtlasClient(atlasStarted.join(), AtlasServer.USER, AtlasServer.PASSWORD);
    recorder = new LineageRecorder(cfg, atlas).start();
    int lineageEvents = lineageTopic().size();
    await().atMost(Duration.ofMinutes(3)).until(() -> processed() >= lineageEvents);
    assertThat(recorder.parked()).isZero();
    System.out.printf("%d lineage events recorded after %d ms%n", lineageEvents, ms(t0));

    LineageDataset topic = LineageEvents.telemetryTopic(cfg.get(PlatformKeys.KAFKA_BOOTSTRAP), cfg.get(PlatformKeys.TOPIC_TELEMETRY));
    LineageGraph g = new LineageTrace(atlas).trace(topic.shortName(), "OUTPUT", 20).graph();
    String modelVersion = modelVersionName = model + "/" + version.version();
    String deployment = deploymentName = "deploy-" + model + "-" + version.version() + "-" + GATEWAY;
    datasetName = model + "-" + month;
    assertThat(path(g, topic.qualifiedName(), "iot://gateways/" + GATEWAY)).isEqualTo(String.join(" -> ", "iot-telemetry",
        "bronze-telemetry", "bronze.telemetry", "silver-telemetry", "silver.telemetry", "gold-telemetry",
        "gold.turbofan_health", "retrain-" + model + "-dataset", datasetName, "retrain-" + model, modelVersion,
        deployment, GATEWAY));
    assertThat(g.node("file://" + lake("bronze/telemetry")).version()).isEqualTo(Long.toString(bronze));
    assertThat(g.node("file://" + lake("silver/telemetry")).version()).isEqualTo(Long.toString(silver));
    assertThat(g.node("file://" + lake("gold/turbofan_health")).version()).isEqualTo(Long.toString(gold));
    JsonNode training = atlas.entity("lakehouse_training_dataset", "lakehouse://training/" + datasetName).orElseThrow();
    assertThat(training.at("/attributes/tableVersions/gold.turbofan_health").asLong()).isEqualTo(retrain.goldVersion());
    JsonNode registered = atlas.entity("lakehouse_model_version", "mlflow://models/" + modelVersion).orElseThrow();
    assertThat(registered.at("/attributes/modelVersion").asText()).isEqualTo(version.version());
    assertThat(registered.at("/attributes/mlflowRunId").asText()).isEqualTo(version.runId());
    JsonNode deploy = atlas.entity("lakehouse_edge_deployment", "lakehouse://" + deployment).orElseThrow();
    assertThat(deploy.at("/attributes/gatewayId").asText()).isEqualTo(GATEWAY);
    assertThat(Instant.ofEpochMilli(deploy.at("/attributes/deployedAt").asLong())).isBetween(rolloutStart, rolloutEnd);
    JsonNode ingest = atlas.entity("lakehouse_gateway_ingest", "lakehouse://gateway-" + GATEWAY).orElseThrow();
    assertThat(ingest.path("relationshipAttributes").path("inputs").findValuesAsText("guid").stream()
        .map(guid -> atlas.entityByGuid(guid).at("/attributes/qualifiedName").asText()).toList())
        .containsExactlyInAnyOrderElementsOf(DEVICES.stream().map(d -> "iot://devices/" + d).toList());
    // GPS fields enter at the topic (payload.lat/lon) and silver (lat, lon); Atlas propagates them down to gold
    JsonNode goldTable = atlas.entity("lakehouse_delta_table", "file://" + lake("gold/asset_health")).orElseThrow();
    assertThat(goldTable.path("classifications").findValuesAsText("typeName")).contains("pii_gps_position");
    assertThat(atlas.entity("kafka_topic", topic.qualifiedName()).orElseThrow().path("classifications").toString())
        .contains("payload.lat,payload.lon");
  }

  /**
   * The shortest FD001 engines whose device ids fall on each side of the retrain's train/holdout split, as replaying
   * devices; their ids are added to {@link #DEVICES}.
   */
  static List<SimulatedDevice> runToFailureEngines(Map<Integer, List<Payload.Turbofan>> fd001) {
    int percent = cfg.get(TrainingKeys.HOLDOUT_PERCENT);
    List<SimulatedDevice> training = new ArrayList<>();
    List<SimulatedDevice> holdout = new ArrayList<>();
    for (Integer unit : fd001.keySet().stream().sorted(Comparator.comparingInt(u -> fd001.get(u).size())).toList()) {
      String id = turbofanId(unit);
      List<SimulatedDevice> side = EngineRows.inHoldout(id, percent) ? holdout : training;
      if (side.size() < (side == holdout ? HOLDOUT_ENGINES : TRAINING_ENGINES)) side.add(new TurbofanReplay(id, fd001.get(unit), 0));
    }
    List<SimulatedDevice> all = new ArrayList<>(training);
    all.addAll(holdout);
    all.forEach(d -> DEVICES.add(d.id()));
    return all;
  }

  static String turbofanId(int unit) {
    return String.format("turbofan-%03d", unit);
  }

  /** Runs the devices until they have sent everything (acknowledged by the broker); returns how many events. */
  static long publish(Config c, List<SimulatedDevice> devices, SequenceStore sequences) throws InterruptedException {
    try (SimulatorRunner runner = SimulatorRunner.start(c, devices, c.get(PlatformKeys.MQTT_HOST), c.get(PlatformKeys.MQTT_PORT), sequences)) {
      assertThat(runner.awaitDone(Duration.ofMinutes(2))).isTrue();
      assertThat(runner.failed()).isZero();
      return runner.published();
    }
  }

  static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  static long processed() {
    return recorder.applied() + recorder.unchanged() + recorder.parked();
  }

  /** Every record on the lineage topic, from the beginning to its current end. */
  static List<ConsumerRecord<byte[], byte[]>> lineageTopic() {
    String name = cfg.get(PlatformKeys.TOPIC_LINEAGE);
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", cfg.get(PlatformKeys.KAFKA_BOOTSTRAP)),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = c.partitionsFor(name).stream().map(p -> new TopicPartition(name, p.partition())).toList();
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = c.endOffsets(partitions);
      List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
      while (partitions.stream().anyMatch(p -> c.position(p) < end.get(p))) c.poll(Duration.ofMillis(200)).forEach(out::add);
      return out;
    }
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
  void replayChangesNothing() throws Exception {
    Map<String, Long> before = updateTimes();
    long applied = recorder.applied();
    long unchanged = recorder.unchanged();
    List<ConsumerRecord<byte[], byte[]>> events = lineageTopic(); // everything the pipeline emitted, sent again
    try (KafkaProducer<byte[], byte[]> p = producer()) {
      for (ConsumerRecord<byte[], byte[]> r : events) p.send(new ProducerRecord<>(r.topic(), r.key(), r.value())).get();
    }
    await().atMost(Duration.ofMinutes(2)).until(() -> recorder.unchanged() >= unchanged + events.size());
    assertThat(recorder.applied()).isEqualTo(applied);
    assertThat(updateTimes()).isEqualTo(before);
  }

  static KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(Map.of("bootstrap.servers", cfg.get(PlatformKeys.KAFKA_BOOTSTRAP)), new ByteArraySerializer(),
        new ByteArraySerializer());
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
    try (KafkaProducer<byte[], byte[]> p = producer()) {
      p.send(new ProducerRecord<>(cfg.get(PlatformKeys.TOPIC_LINEAGE), "x".getBytes(StandardCharsets.UTF_8),
          "{not lineage".getBytes(StandardCharsets.UTF_8))).get();
    }
    emitter.emit(LineageEvents.gatewayIngest(LineageEvent.Type.RUNNING, GATEWAY, UUID.randomUUID().toString(),
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
    // what the silver job's listener sends for its next commit
    long nextSilver = silverVersion + 1;
    SparkLineage.Job silverJob = SilverJob.lineage(SilverJob.Paths.from(cfg));
    Map<String, Long> versions = new HashMap<>();
    silverJob.outputs().stream().filter(d -> d.name().endsWith("/silver/telemetry")).forEach(d -> versions.put(d.name(), nextSilver));
    emitter.emit(silverJob.event(LineageEvent.Type.RUNNING, UUID.randomUUID().toString(), versions, Map.of()));
    LineageDataset topic = LineageEvents.telemetryTopic(cfg.get(PlatformKeys.KAFKA_BOOTSTRAP), cfg.get(PlatformKeys.TOPIC_TELEMETRY));
    String run = UUID.randomUUID().toString();
    emitter.emit(LineageEvents.gatewayIngest(LineageEvent.Type.RUNNING, GATEWAY, run, List.of(LineageDataset.device("truck-0002", "truck")), topic));
    emitter.emit(LineageEvents.gatewayIngest(LineageEvent.Type.RUNNING, GATEWAY, run, List.of(LineageDataset.device("truck-0002", "truck")), topic));
    await().atMost(Duration.ofMinutes(1)).until(recorder::waitingForAtlas);

    restarted = new AtlasServer(work.resolve("services/atlas"), cfg.get(StackKeys.ATLAS_PORT), "1g", Duration.ofMinutes(4)).start();
    // the lineage topic is keyed by job: the silver and the gateway events may be applied in either order
    await().atMost(Duration.ofMinutes(3)).until(() -> !recorder.waitingForAtlas()
        && atlas.entity("lakehouse_device", "iot://devices/truck-0002").isPresent()
        && atlas.entity("lakehouse_delta_table", "file://" + lake("silver/telemetry")).orElseThrow()
            .at("/attributes/currentVersion").asLong() == nextSilver);
    JsonNode ingest = atlas.entity("lakehouse_gateway_ingest", "lakehouse://gateway-" + GATEWAY).orElseThrow();
    List<String> inputs = ingest.path("relationshipAttributes").path("inputs").findValuesAsText("guid");
    assertThat(inputs).hasSize(DEVICES.size() + 2).doesNotHaveDuplicates(); // the devices, turbofan-0001, truck-0002
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
        "<- gateway-" + GATEWAY, DEVICES.get(0));
    String json = TraceRender.json(t.graph(), t.starts(), "INPUT");
    assertThat(json).contains("\"type\":\"lakehouse_device\"", "\"edges\"");
    LineageTrace.Trace gw = trace.trace(GATEWAY, "BOTH", 10);
    assertThat(TraceRender.text(gw.graph(), gw.starts(), true, true)).contains("<- " + deploymentName,
        "<- " + modelVersionName, "<- " + datasetName, "-> iot-telemetry");
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
