package io.iotlakehouse.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.common.event.TelemetryCodec;
import io.iotlakehouse.common.lineage.LineageEmitter;
import io.iotlakehouse.common.lineage.LineageEvent;
import io.iotlakehouse.common.tls.TlsRole;
import io.iotlakehouse.edge.inference.InferenceKeys;
import io.iotlakehouse.edge.inference.ModelKind;
import io.iotlakehouse.edge.inference.TestBundles;
import io.iotlakehouse.edge.rollout.BundleArchive;
import io.iotlakehouse.edge.rollout.DesiredModel;
import io.iotlakehouse.edge.rollout.EdgeBundles;
import io.iotlakehouse.edge.rollout.GatewayDirectory;
import io.iotlakehouse.edge.rollout.GatewayReport;
import io.iotlakehouse.edge.rollout.RolloutController;
import io.iotlakehouse.edge.rollout.RolloutPolicy;
import io.iotlakehouse.edge.rollout.StatusView;
import io.iotlakehouse.registry.ExperimentTracker.MetricPoint;
import io.iotlakehouse.registry.ExperimentTracker.TrackedRun;
import io.iotlakehouse.registry.RegisteredVersion;
import io.iotlakehouse.registry.RegistryException;
import io.iotlakehouse.registry.mlflow.MlflowModelRegistry;
import io.iotlakehouse.registry.mlflow.MlflowTracker;
import io.iotlakehouse.registry.server.MlflowCompatibleServer;
import io.iotlakehouse.simulators.TurbofanReplay;
import io.iotlakehouse.training.promotion.Promoter;
import io.iotlakehouse.training.promotion.PromotionGate;
import io.iotlakehouse.training.retrain.RetrainJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6's rollout end to end with real components: HiveMQ (TLS, client certificates, topic ACLs incl. the controller
 * role) and Kafka from the local stack, the MLflow-compatible server, four real {@link Gateway}s in this JVM serving
 * turbofan events from three devices. register -> gate -> champion -> bundle -> canary -> full rollout; a worse
 * candidate rejected by the gate; a promoted version whose canary alerts on everything rolled back automatically; a
 * tampered bundle refused by the canary's signature check and rolled back, the good version serving throughout.
 */
class RolloutIT {
  static final String MODEL = "turbofan-rul-rollout";
  static final List<String> GATEWAYS = List.of("gw-r1", "gw-r2", "gw-r3", "gw-r4");
  static final List<String> DEVICES = List.of("fan-r1", "fan-r2", "fan-r3");
  static final PromotionGate.Policy GATE = new PromotionGate.Policy(0.02, 20_000_000, 1e6);
  @TempDir static Path work;
  static io.iotlakehouse.stack.LocalStack stack;
  static MlflowCompatibleServer mlflow;
  static MlflowTracker tracker;
  static MlflowModelRegistry registry;
  static final List<Gateway> gateways = new ArrayList<>();
  static final List<LineageEvent> lineage = new CopyOnWriteArrayList<>();
  static final AtomicBoolean publishing = new AtomicBoolean(true);
  static Thread devices;
  static GatewayDirectory directory;

  @BeforeAll
  static void start() throws Exception {
    stack = TestStack.start(work, "edge.metrics.port=0", "edge.heartbeat.interval=500ms", "edge.model.poll-interval=200ms",
        "edge.model.fetch.backoff=50ms");
    stack.pki().issueAll(TlsRole.GATEWAY, GATEWAYS);
    stack.pki().issueAll(TlsRole.DEVICE, DEVICES);
    mlflow = new MlflowCompatibleServer().start("127.0.0.1", 0, work.resolve("mlflow"));
    tracker = new MlflowTracker(mlflow.uri());
    registry = new MlflowModelRegistry(mlflow.uri());
    Path trusted = TestBundles.trustedKeyFile(work.resolve("keys"));
    for (String id : GATEWAYS) {
      Config c = stack.config().with(GatewayKeys.GATEWAY_ID, id).with(InferenceKeys.MODEL_DIR, work.resolve("models-" + id).toString())
          .with(InferenceKeys.TRUSTED_KEYS, trusted.toString());
      gateways.add(new Gateway(c).start());
    }
    devices = startDevices();
    directory = new GatewayDirectory("127.0.0.1", stack.config().get(PlatformKeys.MQTT_PORT),
        Gateway.sslConfig(stack.pki().issue(TlsRole.CONTROLLER, "rollout")), "rollout");
    await().atMost(Duration.ofSeconds(30)).until(() -> directory.reports().keySet().containsAll(GATEWAYS));
  }

  @AfterAll
  static void stop() throws Exception {
    publishing.set(false);
    if (devices != null) devices.join(10_000);
    if (directory != null) directory.close();
    for (Gateway g : gateways) g.close();
    if (registry != null) registry.close();
    if (tracker != null) tracker.close();
    if (mlflow != null) mlflow.stop();
    if (stack != null) stack.close();
  }

  /** Three turbofans, 40 cycles/s each, replaying the healthy first 100 cycles of FD001 engines 1-3 (cycle numbers keep rising). */
  static Thread startDevices() {
    Map<Integer, List<Payload.Turbofan>> fd001 = TurbofanReplay.fd001();
    int port = stack.config().get(PlatformKeys.MQTT_PORT);
    List<Mqtt5BlockingClient> clients = new ArrayList<>();
    for (String d : DEVICES) {
      Mqtt5BlockingClient c = TestStack.client(stack.pki(), TlsRole.DEVICE, d, d, "127.0.0.1", port).buildBlocking();
      c.connect();
      clients.add(c);
    }
    Thread t = new Thread(() -> {
      TelemetryCodec codec = new TelemetryCodec();
      long seq = 0;
      while (publishing.get()) {
        seq++;
        for (int i = 0; i < DEVICES.size(); i++) {
          Payload.Turbofan row = fd001.get(i + 1).get((int) ((seq - 1) % 100));
          Payload.Turbofan p = new Payload.Turbofan(i + 1, (int) seq, row.settings(), row.sensors());
          byte[] bytes = codec.encodeAvro(new Telemetry(DEVICES.get(i), seq, System.currentTimeMillis(), p));
          clients.get(i).publishWith().topic("devices/turbofan/" + DEVICES.get(i) + "/telemetry").qos(MqttQos.AT_LEAST_ONCE)
              .payload(bytes).send();
        }
        try {
          Thread.sleep(25);
        } catch (InterruptedException e) {
          break;
        }
      }
      clients.forEach(Mqtt5BlockingClient::disconnect);
    }, "turbofans");
    t.start();
    return t;
  }

  /** A training run as the retrain job logs it (holdout RMSE, the champion it was compared with) with the model files, registered. */
  static RegisteredVersion candidate(double rmse, String comparedWith) {
    String experiment = tracker.experiment(MODEL);
    TrackedRun run = tracker.startRun(experiment, MODEL + "-run", Map.of());
    List<MetricPoint> metrics = new ArrayList<>(List.of(new MetricPoint("holdout_rmse", rmse, 0)));
    Map<String, String> tags = new HashMap<>();
    if (comparedWith != null) {
      metrics.add(new MetricPoint("champion_holdout_rmse", 20.0, 0));
      tags.put(RetrainJob.CHAMPION_VERSION_TAG, comparedWith);
    }
    tracker.log(run.runId(), Map.of(), metrics, tags);
    tracker.uploadArtifacts(run, "model", TestBundles.rulModelDir());
    tracker.endRun(run.runId(), "FINISHED");
    return registry.registerVersion(MODEL, run.runId(), run.artifactUri() + "/model", Map.of());
  }

  static RolloutController controller() {
    LineageEmitter capture = new LineageEmitter() {
      @Override
      public void emit(LineageEvent event) {
        lineage.add(event);
      }

      @Override
      public void close() {}
    };
    RolloutController.Settings s = new RolloutController.Settings(0.25, Duration.ofSeconds(3), Duration.ofSeconds(10),
        Duration.ofSeconds(60), new RolloutPolicy.Limits(3, 0.05, 0.01, 20), Duration.ofMillis(100));
    return new RolloutController(directory, registry, capture, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), s,
        System.out::println);
  }

  static EdgeBundles bundles() {
    return new EdgeBundles(registry, tracker, mlflow.uri(), work.resolve("bundles"));
  }

  static Map<String, String> serving() {
    Map<String, String> m = new HashMap<>();
    for (Gateway g : gateways) {
      var s = g.inference().serving();
      m.put(idOf(g), s == null ? null : s.version());
    }
    return m;
  }

  static String idOf(Gateway g) {
    return GATEWAYS.get(gateways.indexOf(g));
  }

  @Test
  void registerGatePromoteBundleCanaryWidenThenRollBackAMisbehavingAndATamperedVersion() throws Exception {
    Promoter promoter = new Promoter(registry, tracker, work.resolve("gate"), Clock.systemUTC());

    // 1. register, gate, champion, bundle, canary, full rollout
    RegisteredVersion v1 = candidate(20.0, null);
    assertThat(promoter.gate(MODEL, v1.version(), GATE).decision()).isEqualTo("promoted");
    RegisteredVersion champion = registry.getByAlias(MODEL, Promoter.CHAMPION);
    DesiredModel b1 = bundles().prepare(champion, TestBundles.KEY, Map.of(), "r-1");
    RolloutController.Outcome first = controller().run(champion, b1);
    System.out.println(first.toJson());
    assertThat(first.decision()).as(first.reason()).isEqualTo("completed");
    assertThat(first.canaries()).hasSize(1);
    assertThat(first.deployed()).containsExactlyElementsOf(GATEWAYS);
    assertThat(serving()).containsOnlyKeys(GATEWAYS).allSatisfy((g, v) -> assertThat(v).isEqualTo(v1.version()));
    await().atMost(Duration.ofSeconds(10)).until(() -> directory.reports().values().stream()
        .allMatch(r -> r.serves(b1.bundleId()) && "serving".equals(r.state())));
    assertThat(registry.version(MODEL, v1.version()).tags()).containsEntry(RolloutController.ROLLOUT_ID_TAG, "r-1")
        .containsKey(EdgeBundles.BUNDLE_URL_TAG).hasEntrySatisfying(RolloutController.ROLLOUT_TAG,
            t -> assertThat(t).startsWith("completed: canaries healthy"));
    assertThat(lineage).extracting(e -> e.jobAttributes().get("gateway")).containsExactlyInAnyOrderElementsOf(GATEWAYS);
    List<StatusView.Row> rows = StatusView.rows(directory.reports(), System.currentTimeMillis(), Duration.ofSeconds(10));
    System.out.print(StatusView.table(rows));
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo("online");
      assertThat(r.serving()).isEqualTo(MODEL + "@" + v1.version());
    });

    // 2. a worse candidate: rejected by the gate, nothing rolled out
    RegisteredVersion worse = candidate(25.0, v1.version());
    Promoter.Outcome rejected = promoter.gate(MODEL, worse.version(), GATE);
    assertThat(rejected.decision()).isEqualTo("rejected");
    assertThat(registry.getByAlias(MODEL, Promoter.CHAMPION).version()).isEqualTo(v1.version());

    // 3. a better candidate passes the gate, but its edge bundle alerts on every engine: canary rolled back
    RegisteredVersion v3 = candidate(15.0, v1.version());
    assertThat(promoter.gate(MODEL, v3.version(), GATE).decision()).isEqualTo("promoted");
    DesiredModel b3 = bundles().prepare(registry.getByAlias(MODEL, Promoter.CHAMPION), TestBundles.KEY,
        Map.of(ModelKind.RUL_ALERT_BELOW, "1000000"), "r-3");
    RolloutController.Outcome bad = controller().run(v3, b3);
    System.out.println(bad.toJson());
    assertThat(bad.decision()).isEqualTo("rolled_back");
    assertThat(bad.reason()).matches("alert rate (0\\.9|1\\.0)\\d+ .* vs baseline .*");
    assertThat(bad.rolledBack()).isEqualTo(bad.canaries());
    assertThat(serving()).allSatisfy((g, v) -> assertThat(v).isEqualTo(v1.version()));
    assertThat(registry.version(MODEL, v3.version()).tags()).hasEntrySatisfying(RolloutController.ROLLOUT_TAG,
        t -> assertThat(t).isEqualTo("rolled_back: " + bad.reason()));
    String canary = bad.canaries().get(0);
    assertThat(gateways.get(GATEWAYS.indexOf(canary)).inference().metrics().alertsTotal()).isPositive();
    for (String g : GATEWAYS) { // the others never left v1
      if (!g.equals(canary)) assertThat(gateways.get(GATEWAYS.indexOf(g)).inference().metrics().loads()).isEqualTo(1);
    }

    // 4. a tampered bundle (a file changed after signing; archive hash announced correctly): refused by the canary's
    //    signature check, rolled back at once, v1 serving everywhere throughout
    RegisteredVersion v4 = candidate(15.0, v1.version());
    DesiredModel b4 = tampered(v4);
    RolloutController.Outcome refused = controller().run(v4, b4);
    System.out.println(refused.toJson());
    assertThat(refused.decision()).isEqualTo("rolled_back");
    assertThat(refused.reason()).startsWith("canary refused the version: ").contains("refused:file_mismatch");
    assertThat(serving()).allSatisfy((g, v) -> assertThat(v).isEqualTo(v1.version()));
    String c4 = refused.canaries().get(0);
    assertThat(gateways.get(GATEWAYS.indexOf(c4)).inference().metrics().refusedTotal("file_mismatch")).isEqualTo(1);

    // 5. only the controller identity may set a gateway's desired model: a monitor is refused by the broker's ACL
    try (GatewayDirectory monitor = new GatewayDirectory("127.0.0.1", stack.config().get(PlatformKeys.MQTT_PORT),
        Gateway.sslConfig(stack.pki().issue(TlsRole.MONITOR, "mon-r")), "mon-r")) {
      assertThatThrownBy(() -> monitor.tell("gw-r1", b3)).isInstanceOf(LakehouseException.class)
          .hasMessageContaining("did not take the desired model on gateways/gw-r1/model/desired");
    }
    assertThat(serving()).allSatisfy((g, v) -> assertThat(v).isEqualTo(v1.version()));

    // 6. registry unreachable: a gateway told to fetch v3 (which it never downloaded) retries with backoff, reports
    //    failed:unreachable and keeps serving v1; the controller's registry calls fail after their retries, clearly
    String away = GATEWAYS.stream().filter(g -> !g.equals(canary)).findFirst().orElseThrow();
    mlflow.stop();
    directory.tell(away, b3);
    await().atMost(Duration.ofSeconds(30)).until(() -> "failed:unreachable".equals(directory.reports().get(away).state()));
    assertThat(directory.reports().get(away).model()).isEqualTo(MODEL + "@" + v1.version());
    assertThat(serving()).allSatisfy((g, v) -> assertThat(v).isEqualTo(v1.version()));
    assertThatThrownBy(() -> registry.version(MODEL, v1.version())).isInstanceOf(RegistryException.class)
        .hasMessageContaining("did not answer or kept failing").hasMessageContaining("Check that it is running");
  }

  /** v4's real bundle with one file changed after signing, zipped and uploaded; the version's bundle tags point at it. */
  static DesiredModel tampered(RegisteredVersion v) throws Exception {
    Path dir = Files.createTempDirectory(work, "tamper");
    Path files = registry.downloadArtifacts(v, dir.resolve("files"));
    Path modelDir;
    try (var s = Files.walk(files)) {
      modelDir = s.filter(p -> p.getFileName().toString().equals("rul-model.json")).findFirst().orElseThrow().getParent();
    }
    var written = ModelKind.XGBOOST_RUL.bundle(MODEL, v.version(), modelDir).write(dir.resolve("bundle"), TestBundles.KEY);
    Path spec = written.dir().resolve("feature-spec.json");
    Files.writeString(spec, Files.readString(spec) + " ");
    Path zip = dir.resolve("b.zip");
    BundleArchive.zip(written.dir(), zip);
    TrackedRun run = tracker.run(v.runId());
    tracker.uploadArtifact(run, "edge-bundles/" + written.id() + ".zip", zip);
    String url = mlflow.uri().toString().replaceAll("/+$", "") + "/api/2.0/mlflow-artifacts/artifacts/"
        + java.net.URI.create(run.artifactUri()).getPath().replaceAll("^/+", "") + "/edge-bundles/" + written.id() + ".zip";
    return new DesiredModel(MODEL, v.version(), written.id(), url, BundleArchive.sha256(zip), "r-4");
  }
}
