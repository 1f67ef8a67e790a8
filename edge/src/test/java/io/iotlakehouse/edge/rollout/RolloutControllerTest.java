package io.iotlakehouse.edge.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.common.lineage.LineageEmitter;
import io.iotlakehouse.common.lineage.LineageEvent;
import io.iotlakehouse.edge.rollout.RolloutPolicy.Counters;
import io.iotlakehouse.registry.RegisteredVersion;
import io.iotlakehouse.registry.mlflow.MlflowModelRegistry;
import io.iotlakehouse.registry.server.MlflowCompatibleServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller's orchestration against simulated gateways (the {@link RolloutController.Gateways} port; heartbeats
 * computed on demand, time advanced by the sleeper, so nothing waits) and the real MLflow-compatible server for the
 * tags: which gateways are told what, and the decision, in the cases the end-to-end test does not reach.
 */
class RolloutControllerTest {
  static final String OLD = "a".repeat(64);
  static final String NEW = "b".repeat(64);
  static final String BAD = "c".repeat(64);
  static final String FAILING = "e".repeat(64);
  static final Map<String, Double> ALERT_RATE = Map.of(OLD, 0.01, NEW, 0.01, BAD, 0.9, FAILING, 0.0);
  static final Map<String, Double> ERROR_RATE = Map.of(FAILING, 0.5);
  @TempDir static Path dir;
  static MlflowCompatibleServer server;
  static MlflowModelRegistry registry;

  @BeforeAll
  static void start() {
    server = new MlflowCompatibleServer().start("127.0.0.1", 0, dir.resolve("mlflow"));
    registry = new MlflowModelRegistry(server.uri());
  }

  @AfterAll
  static void stop() {
    registry.close();
    server.stop();
  }

  /** Gateways as heartbeats show them: each call to reports() is one more heartbeat with 100 more events judged. */
  static final class Sim implements RolloutController.Gateways {
    final Map<String, G> gateways = new TreeMap<>();
    final List<String> told = new ArrayList<>();
    long now = 1_800_000_000_000L;

    static final class G {
      String status = "online";
      long age;
      String model;
      String bundle;
      String desired;
      String desiredBundle;
      String state = "none";
      String behaviour = "take"; // take | refuse | silent
      long scored;
      long errors;
      long alerts;
    }

    Sim add(String id, String model, String bundle) {
      G g = new G();
      g.model = model;
      g.bundle = bundle;
      g.state = bundle == null ? "none" : "serving";
      gateways.put(id, g);
      return this;
    }

    G get(String id) {
      return gateways.get(id);
    }

    @Override
    public Map<String, GatewayReport> reports() {
      Map<String, GatewayReport> out = new TreeMap<>();
      gateways.forEach((id, g) -> {
        if (g.status.equals("online") && g.age == 0 && g.bundle != null) {
          long failed = Math.round(100 * ERROR_RATE.getOrDefault(g.bundle, 0.0));
          g.errors += failed;
          g.scored += 100 - failed;
          g.alerts += Math.round((100 - failed) * ALERT_RATE.get(g.bundle));
        }
        out.put(id, new GatewayReport(id, g.status, now - g.age, g.model, g.bundle, g.desired, g.desiredBundle, "r",
            g.state, new Counters(g.scored, g.errors, g.alerts)));
      });
      return out;
    }

    @Override
    public void tell(String id, DesiredModel d) {
      told.add(id + "=" + d.version());
      G g = gateways.get(id);
      g.desired = d.label();
      g.desiredBundle = d.bundleId();
      if (g.bundle != null && g.bundle.equals(d.bundleId())) return;
      switch (g.behaviour) {
        case "take":
          g.model = d.label();
          g.bundle = d.bundleId();
          g.state = "serving";
          break;
        case "refuse":
          g.state = "refused:bad_signature";
          break;
        default:
          g.state = "fetching";
      }
    }

    Clock clock() {
      return new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(now);
        }
      };
    }
  }

  final List<LineageEvent> lineage = new ArrayList<>();

  RolloutController controller(Sim sim) {
    LineageEmitter capture = new LineageEmitter() {
      @Override
      public void emit(LineageEvent e) {
        lineage.add(e);
      }

      @Override
      public void close() {}
    };
    RolloutController.Settings s = new RolloutController.Settings(0.25, Duration.ofMinutes(5), Duration.ofSeconds(60),
        Duration.ofMinutes(2), new RolloutPolicy.Limits(3, 0.05, 0.01, 20), Duration.ofSeconds(1));
    return new RolloutController(sim, registry, capture, sim.clock(), d -> sim.now += d.toMillis(), s, m -> {});
  }

  static RegisteredVersion version(String model) {
    return registry.registerVersion(model, "run-" + model, "mlflow-artifacts:/0/run-" + model + "/artifacts/model", Map.of());
  }

  static Sim fleet(int n, String model) {
    Sim sim = new Sim();
    for (int i = 1; i <= n; i++) sim.add("gw-" + i, model + "@1", OLD);
    return sim;
  }

  static DesiredModel target(String model, String bundle, String rolloutId) {
    return new DesiredModel(model, "2", bundle, "http://registry/x.zip", "d".repeat(64), rolloutId);
  }

  String canary(Sim sim, String rolloutId) {
    List<String> online = sim.gateways.entrySet().stream().filter(e -> e.getValue().status.equals("online") && e.getValue().age == 0)
        .map(Map.Entry::getKey).toList();
    return RolloutPolicy.canaries(online, rolloutId, 0.25).get(0);
  }

  @Test
  void healthyCanaryWidensToEveryGatewayIncludingOnesThatAreAwayAndRecordsIt() throws Exception {
    Sim sim = fleet(4, "m1");
    sim.add("gw-stale", "m1@1", OLD).get("gw-stale").age = 120_000;
    sim.add("gw-off", "m1@1", OLD).get("gw-off").status = "offline";
    RegisteredVersion v = version("m1");
    RolloutController.Outcome o = controller(sim).run(v, target("m1", NEW, "r1"));
    assertThat(o.decision()).isEqualTo("completed");
    assertThat(o.canaries()).containsExactly(canary(sim, "r1"));
    assertThat(o.deployed()).containsExactly("gw-1", "gw-2", "gw-3", "gw-4");
    assertThat(o.skipped()).containsExactly(Map.entry("gw-off", "offline"), Map.entry("gw-stale", "stale"));
    assertThat(sim.told.get(0)).isEqualTo(canary(sim, "r1") + "=2"); // the canary first, then everyone known
    assertThat(sim.told).hasSize(6).contains("gw-off=2", "gw-stale=2");
    assertThat(o.reason()).contains("4 of 4 online gateways serve it").contains("not online (told, retained): [gw-off, gw-stale]");
    assertThat(registry.version("m1", v.version()).tags()).containsEntry(RolloutController.ROLLOUT_ID_TAG, "r1")
        .containsEntry(RolloutController.CANARIES_TAG, canary(sim, "r1"))
        .hasEntrySatisfying(RolloutController.ROLLOUT_TAG, t -> assertThat(t).startsWith("completed: canaries healthy"));
    assertThat(lineage).hasSize(4);
  }

  @Test
  void aCanaryThatAlertsTooMuchIsSetBackAndNoOtherGatewayIsTouched() throws Exception {
    Sim sim = fleet(4, "m2");
    RegisteredVersion v = version("m2");
    RolloutController.Outcome o = controller(sim).run(v, target("m2", BAD, "r2"));
    String c = canary(sim, "r2");
    assertThat(o.decision()).isEqualTo("rolled_back");
    assertThat(o.reason()).startsWith("alert rate 0.9000").contains("vs baseline 0.0100");
    assertThat(sim.told).containsExactly(c + "=2", c + "=1");
    assertThat(sim.get(c).bundle).isEqualTo(OLD);
    assertThat(o.rolledBack()).containsExactly(c);
    assertThat(registry.version("m2", v.version()).tags().get(RolloutController.ROLLOUT_TAG)).isEqualTo("rolled_back: " + o.reason());
    assertThat(lineage).isEmpty();
  }

  @Test
  void scoringErrorsEndTheWatchEarly() throws Exception {
    Sim sim = fleet(4, "m8");
    long t0 = sim.now;
    RolloutController.Outcome o = controller(sim).run(version("m8"), target("m8", FAILING, "r8"));
    assertThat(o.decision()).isEqualTo("rolled_back");
    assertThat(o.reason()).isEqualTo("error rate 0.5000 (50 of 100) > edge.rollout.max-error-rate 0.01 (after PT1S of the window)");
    assertThat(sim.now - t0).isLessThan(Duration.ofMinutes(1).toMillis()); // not the 5-minute window
    assertThat(sim.get(canary(sim, "r8")).bundle).isEqualTo(OLD);
  }

  @Test
  void aCanaryThatRefusesOrNeverServesIsRolledBackWithTheReason() throws Exception {
    Sim refusing = fleet(4, "m3");
    refusing.get(canary(refusing, "r3")).behaviour = "refuse";
    RolloutController.Outcome refused = controller(refusing).run(version("m3"), target("m3", NEW, "r3"));
    assertThat(refused.decision()).isEqualTo("rolled_back");
    assertThat(refused.reason()).isEqualTo("canary refused the version: [" + canary(refusing, "r3") + " (refused:bad_signature)]");
    long started = refusing.now;

    Sim silent = fleet(4, "m4");
    silent.get(canary(silent, "r4")).behaviour = "silent";
    long t0 = silent.now;
    RolloutController.Outcome timedOut = controller(silent).run(version("m4"), target("m4", NEW, "r4"));
    assertThat(timedOut.reason()).isEqualTo("canaries not serving it within edge.rollout.serve-timeout = PT2M: ["
        + canary(silent, "r4") + "]");
    assertThat(silent.now - t0).isBetween(120_000L, 125_000L);
    assertThat(refusing.now - started).isZero();
  }

  @Test
  void widenReportsGatewaysThatDidNotTakeItAsPartial() throws Exception {
    Sim sim = fleet(4, "m5");
    String c = canary(sim, "r5");
    String lagging = sim.gateways.keySet().stream().filter(g -> !g.equals(c)).findFirst().orElseThrow();
    sim.get(lagging).behaviour = "refuse";
    RolloutController.Outcome o = controller(sim).run(version("m5"), target("m5", NEW, "r5"));
    assertThat(o.decision()).isEqualTo("partial");
    assertThat(o.ok()).isFalse();
    assertThat(o.notServing()).containsExactly(lagging + " (refused:bad_signature)");
    assertThat(o.deployed()).hasSize(3).doesNotContain(lagging);
    assertThat(lineage).hasSize(3);
  }

  @Test
  void aCanaryWithoutAPreviousModelCannotBeSetBackAndSaysSo() throws Exception {
    Sim sim = new Sim();
    sim.add("gw-1", null, null);
    RolloutController.Outcome o = controller(sim).run(version("m6"), target("m6", BAD, "r6"));
    assertThat(o.decision()).isEqualTo("rolled_back");
    assertThat(o.reason()).startsWith("alert rate 0.9000").contains("vs no baseline")
        .endsWith("; not back on their previous version: [gw-1 (served no model before)]");
  }

  @Test
  void noOnlineGatewayIsAClearErrorAndNothingIsTold() {
    Sim none = new Sim();
    assertThatThrownBy(() -> controller(none).run(version("m7"), target("m7", NEW, "r7"))).isInstanceOf(LakehouseException.class)
        .hasMessageContaining("No gateway to roll m7@2 out to").hasMessageContaining("no gateway heartbeat was found");
    Sim away = new Sim();
    away.add("gw-1", "m7@1", OLD).get("gw-1").status = "stopped";
    away.add("gw-2", "m7@1", OLD).get("gw-2").age = 61_000;
    assertThatThrownBy(() -> controller(away).run(version("m7"), target("m7", NEW, "r7")))
        .hasMessageContaining("none of the 2 gateways known is online").hasMessageContaining("{gw-1=stopped, gw-2=stale}");
    assertThat(none.told).isEmpty();
    assertThat(away.told).isEmpty();
  }
}
