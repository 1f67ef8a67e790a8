package io.iotlakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.tls.TlsRole;
import io.iotlakehouse.edge.Gateway;
import io.iotlakehouse.edge.GatewayKeys;
import io.iotlakehouse.edge.inference.InferenceKeys;
import io.iotlakehouse.edge.rollout.RolloutKeys;
import io.iotlakehouse.registry.ExperimentTracker.TrackedRun;
import io.iotlakehouse.registry.RegisteredVersion;
import io.iotlakehouse.registry.mlflow.MlflowModelRegistry;
import io.iotlakehouse.registry.mlflow.MlflowTracker;
import io.iotlakehouse.registry.server.MlflowCompatibleServer;
import io.iotlakehouse.stack.LocalStack;
import io.iotlakehouse.stack.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The `lakehouse models rollout` and `models status` commands as a user runs them, against the local stack (MQTT over
 * TLS with the controller certificate from the dev PKI), the MLflow-compatible server and a real gateway: the CLI
 * builds, signs and uploads the version's bundle, the gateway downloads and serves it, status shows it.
 */
class ModelsRolloutIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String RULES = "{\"rules\":[{\"device_kind\":\"env\",\"sensor\":\"temperature_c\",\"mean\":22,\"std\":2,\"max_z\":4}]}";
  @TempDir Path work;

  @Test
  void rolloutThenStatusThroughTheCli() throws Exception {
    Config config = Config.load(AllKeys.list(), null, List.of("lakehouse.work-dir=" + work,
        "stack.kafka.port=" + Ports.free(), "stack.kafka.controller-port=" + Ports.free(), "mqtt.port=" + Ports.free(),
        "stack.redis.port=" + Ports.free(), "stack.kafka.secure-port=" + Ports.free()));
    LakehouseCliTest.Run keygen = LakehouseCliTest.run("models", "keygen", "--out", work.resolve("keys").toString());
    assertThat(keygen.code()).as(keygen.err()).isZero();
    try (LocalStack stack = LocalStack.start(config);
        MlflowCompatibleServer mlflow = new MlflowCompatibleServer().start("127.0.0.1", 0, work.resolve("mlflow"));
        MlflowTracker tracker = new MlflowTracker(mlflow.uri());
        MlflowModelRegistry registry = new MlflowModelRegistry(mlflow.uri())) {
      Config cfg = StackCommand.gatewayConfig(stack);
      stack.issue(TlsRole.GATEWAY, List.of("gw-cli"));
      stack.issue(TlsRole.CONTROLLER, List.of(cfg.get(RolloutKeys.CONTROLLER_ID)));
      Path rules = Files.writeString(work.resolve("zscore.json"), RULES);
      TrackedRun run = tracker.startRun(tracker.experiment("env-rules"), "rules", Map.of());
      tracker.uploadArtifact(run, "model/zscore.json", rules);
      tracker.endRun(run.runId(), "FINISHED");
      RegisteredVersion v = registry.registerVersion("env-rules", run.runId(), run.artifactUri() + "/model", Map.of());

      try (Gateway gateway = new Gateway(cfg.with(GatewayKeys.GATEWAY_ID, "gw-cli").with(GatewayKeys.METRICS_PORT, "0")
          .with(GatewayKeys.HEARTBEAT_INTERVAL, "500ms").with(InferenceKeys.MODEL_DIR, work.resolve("models").toString())
          .with(InferenceKeys.TRUSTED_KEYS, work.resolve("keys/dev.pub").toString())
          .with(InferenceKeys.POLL_INTERVAL, "200ms")).start()) {
        List<String> args = new ArrayList<>(cfg.asArgs(AllKeys.list()));
        args.addAll(List.of("--conf", "mlflow.tracking-uri=" + mlflow.uri(), "--conf", "edge.rollout.watch-window=2s",
            "--conf", "edge.rollout.min-scored=0", "--conf", "edge.rollout.serve-timeout=60s"));
        List<String> rollout = new ArrayList<>(args);
        rollout.addAll(List.of("models", "rollout", "--model", "env-rules", "--version", v.version(), "--key",
            work.resolve("keys/dev.key").toString(), "--rollout-id", "cli-1"));
        LakehouseCliTest.Run r = LakehouseCliTest.run(rollout.toArray(String[]::new));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        JsonNode summary = JSON.readTree(r.out().strip().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(summary.path("decision").asText()).isEqualTo("completed");
        assertThat(summary.path("deployed").toString()).isEqualTo("[\"gw-cli\"]");
        assertThat(gateway.inference().serving().label()).isEqualTo("env-rules@" + v.version());
        assertThat(registry.version("env-rules", v.version()).tags()).containsKey("lakehouse.edge.bundle_url")
            .containsEntry("lakehouse.rollout.id", "cli-1");

        List<String> status = new ArrayList<>(args);
        status.addAll(List.of("models", "status", "--json"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
          LakehouseCliTest.Run s = LakehouseCliTest.run(status.toArray(String[]::new));
          assertThat(s.code()).as(s.err()).isZero();
          JsonNode g = JSON.readTree(s.out().strip()).path("gateways").path(0);
          assertThat(g.path("gateway").asText()).isEqualTo("gw-cli");
          assertThat(g.path("status").asText()).isEqualTo("online");
          assertThat(g.path("serving").asText()).isEqualTo("env-rules@" + v.version());
          assertThat(g.path("desired").asText()).isEqualTo("env-rules@" + v.version());
          assertThat(g.path("state").asText()).isEqualTo("serving");
        });
        status.remove("--json");
        LakehouseCliTest.Run table = LakehouseCliTest.run(status.toArray(String[]::new));
        assertThat(table.out()).startsWith("GATEWAY ").contains("gw-cli ").contains("env-rules@" + v.version());
      }
    }
  }
}
