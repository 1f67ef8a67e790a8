package io.iotlakehouse.edge.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotlakehouse.common.event.DeviceKind;
import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.event.PayloadFormat;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.edge.io.GatewayMetrics;
import io.iotlakehouse.edge.transform.Alert;
import io.iotlakehouse.edge.transform.CycleHistory;
import io.iotlakehouse.edge.transform.Finding;
import io.iotlakehouse.edge.transform.Verdict;
import io.iotlakehouse.simulators.TurbofanReplay;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRuntimeTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final ConcurrentLinkedQueue<Alert> alerts = new ConcurrentLinkedQueue<>();
  ModelRuntime runtime = new ModelRuntime("gw-t", new PrometheusRegistry(), a -> {
    alerts.add(a);
    return CompletableFuture.completedFuture(null);
  });
  @TempDir Path folder;

  @AfterEach
  void close() {
    runtime.close();
  }

  static Verdict env(String device, long seq, double temperature) {
    return new Verdict.Accepted(new Telemetry(device, seq, 1_000 + seq, new Payload.Env(temperature, 50)), PayloadFormat.AVRO, 2);
  }

  static Verdict turbofan(String device, Payload.Turbofan cycle) {
    return new Verdict.Accepted(new Telemetry(device, cycle.cycle(), cycle.cycle(), cycle), PayloadFormat.AVRO, 2);
  }

  void process(Verdict v) {
    runtime.stored(runtime.admit(v), true);
  }

  @Test
  void eachStoredEventIsJudgedAndAnAnomalyPublishesAnAlertNamingTheModel() throws Exception {
    LoadedModel v1 = TestBundles.load(TestBundles.zscore(folder, "1", TestBundles.ENV_RULES));
    runtime.start().swap(v1);
    ModelRuntime.Ticket t = runtime.admit(env("env-1", 1, 60));
    assertThat(t.modelName()).isEqualTo("env-zscore");
    assertThat(t.modelVersion()).isEqualTo("1");
    runtime.stored(t, true);
    process(env("env-1", 2, 22));
    await().atMost(Duration.ofSeconds(10)).until(() -> runtime.metrics().scoredTotal() == 2);
    assertThat(alerts).hasSize(1);
    Alert a = alerts.peek();
    assertThat(a.topic()).isEqualTo("gateways/gw-t/alerts/env-1");
    JsonNode j = JSON.readTree(a.toJson());
    assertThat(j.path("gateway").asText()).isEqualTo("gw-t");
    assertThat(j.path("device_id").asText()).isEqualTo("env-1");
    assertThat(j.path("kind").asText()).isEqualTo("env");
    assertThat(j.path("seq").asLong()).isEqualTo(1);
    assertThat(j.path("event_time").asLong()).isEqualTo(1_001);
    assertThat(j.path("model").asText()).isEqualTo("env-zscore");
    assertThat(j.path("model_version").asText()).isEqualTo("1");
    assertThat(j.path("bundle").asText()).isEqualTo(v1.info().shortId()).hasSize(12);
    assertThat(j.path("measure").asText()).isEqualTo("z(temperature_c)");
    assertThat(j.path("score").asDouble()).isEqualTo(19.0);
    assertThat(j.path("threshold").asDouble()).isEqualTo(4.0);
    assertThat(j.path("reason").asText()).isEqualTo("temperature_c=60 is 19.00 std above the mean 22 (limit 4)");
    assertThat(j.path("detected_at").asLong()).isPositive();
    assertThat(runtime.metrics().alertsTotal()).isEqualTo(1);
    assertThat(runtime.metrics().alertsWithin(5)).as("the alert's latency is in the histogram").isEqualTo(1);
  }

  @Test
  void onlyAcceptedEventsOfKindsTheModelCoversAreAdmittedAndOnlyDurableOnesScored() throws Exception {
    assertThat(runtime.admit(env("env-1", 1, 60))).isSameAs(ModelRuntime.Ticket.NONE); // no model yet
    runtime.start().swap(TestBundles.load(TestBundles.zscore(folder, "1", TestBundles.ENV_RULES)));
    assertThat(runtime.admit(new Verdict.Rejected("oversized", "too big", "env-1"))).isSameAs(ModelRuntime.Ticket.NONE);
    assertThat(runtime.admit(turbofan("tf-1", TurbofanReplay.fd001().get(1).get(0)))).isSameAs(ModelRuntime.Ticket.NONE);
    assertThat(ModelRuntime.Ticket.NONE.modelName()).isNull();
    runtime.stored(ModelRuntime.Ticket.NONE, true); // nothing to do

    runtime.stored(runtime.admit(env("env-1", 1, 60)), false); // a duplicate or dropped by policy: not judged
    process(env("env-1", 2, 60));
    await().atMost(Duration.ofSeconds(10)).until(() -> runtime.metrics().scoredTotal() == 1);
    assertThat(alerts).extracting(a -> a.event().seq()).containsExactly(2L);
  }

  /** A scorer of our own that alerts on every event with its own name and records whether it was closed. */
  static final class Recording implements Scorer {
    final String name;
    volatile boolean closed;

    Recording(String name) {
      this.name = name;
    }

    @Override
    public boolean covers(DeviceKind kind) {
      return true;
    }

    @Override
    public int historyLength() {
      return 0;
    }

    @Override
    public Finding score(Telemetry event, CycleHistory history) {
      if (closed) throw new IllegalStateException(name + " used after close");
      if (event.seq() < 0) throw new IllegalStateException("cannot judge a negative seq");
      return new Finding(name, event.seq(), 0, "seen by " + name);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  static LoadedModel model(Recording r) {
    return new LoadedModel(new ModelInfo(r.name, "1", "test", "0123456789abcdef0123", "k"), r);
  }

  @Test
  void aSwapServesNewEventsAtOnceWhileTheOldModelJudgesTheEventsItWasGivenAndThenCloses() {
    Recording a = new Recording("a");
    Recording b = new Recording("b");
    runtime.swap(model(a)); // not started: events queue up
    process(env("env-1", 1, 20));
    ModelRuntime.Ticket inFlight = runtime.admit(env("env-1", 2, 20)); // arrived, not yet durable
    runtime.swap(model(b));
    process(env("env-1", 3, 20));
    runtime.stored(inFlight, true);
    process(env("env-1", 4, 20));
    assertThat(a.closed).isFalse(); // it still has events to judge
    runtime.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> alerts.size() == 4);
    assertThat(alerts).extracting(x -> x.event().seq() + ":" + x.model()).containsExactly("1:a", "3:b", "2:a", "4:b");
    await().atMost(Duration.ofSeconds(10)).until(() -> a.closed);
    assertThat(b.closed).isFalse();
    assertThat(runtime.serving().name()).isEqualTo("b");
    assertThat(runtime.metrics().loads()).isEqualTo(2);
    assertThat(runtime.metrics().errorsTotal()).isZero();
    runtime.close();
    assertThat(b.closed).isTrue();
  }

  @Test
  void aFullQueueSkipsScoringInsteadOfWaitingAndAFailingScorerOrPublishIsCounted() {
    runtime.swap(model(new Recording("a")));
    for (int i = 1; i <= ModelRuntime.QUEUE_CAPACITY + 10; i++) process(env("env-1", i, 20)); // not started: nothing drains
    assertThat(runtime.metrics().skippedTotal("queue_full")).isEqualTo(10);
    runtime.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> runtime.metrics().scoredTotal() == ModelRuntime.QUEUE_CAPACITY);

    process(env("env-1", -1, 20)); // the scorer throws
    process(env("env-1", 1, 20));
    await().atMost(Duration.ofSeconds(10)).until(() -> runtime.metrics().scoredTotal() == ModelRuntime.QUEUE_CAPACITY + 1);
    assertThat(runtime.metrics().errorsTotal()).isEqualTo(1);

    ModelRuntime failing = new ModelRuntime("gw-t", new PrometheusRegistry(),
        x -> CompletableFuture.failedFuture(new IllegalStateException("broker gone")));
    try {
      failing.start().swap(model(new Recording("a")));
      failing.stored(failing.admit(env("env-1", 1, 20)), true);
      await().atMost(Duration.ofSeconds(10)).until(() -> failing.metrics().publishFailuresTotal() == 1);
      assertThat(failing.metrics().alertsTotal()).isEqualTo(1);
    } finally {
      failing.close();
    }
  }

  @Test
  void theTurbofanModelJudgesAnEngineFromItsRecentCyclesWarnsNearTheEndAndKeepsHistoryAcrossASwap() throws Exception {
    LoadedModel v1 = TestBundles.load(TestBundles.rul(folder, "1", Map.of()));
    assertThat(((RulScorer) v1.scorer()).javaTrees()).as("trees checked against XGBoost, walked in Java").isTrue();
    runtime.start().swap(v1);
    // unit 90 was not among the 40 training engines; it fails after its last cycle
    List<Payload.Turbofan> engine = TurbofanReplay.fd001().get(90);
    int n = engine.size();
    List<Integer> alerted = new ArrayList<>();
    for (Payload.Turbofan c : engine.subList(0, n - 1)) process(turbofan("tf-90", c));
    await().atMost(Duration.ofSeconds(60)).until(() -> runtime.metrics().scoredTotal() == n - 1);
    alerts.forEach(a -> alerted.add((int) a.event().seq()));
    assertThat(alerted).as("no alert in the first 100 cycles, alerts in the last 5").noneMatch(c -> c <= 100)
        .contains(n - 5, n - 4, n - 3, n - 2, n - 1);
    assertThat(alerts.peek().finding().measure()).isIn("rul", "failure_probability");
    assertThat(alerts.stream().filter(a -> a.finding().measure().equals("rul")))
        .allSatisfy(a -> assertThat(a.finding().score()).isLessThan(30).isGreaterThanOrEqualTo(0));

    process(turbofan("tf-90", engine.get(10))); // a late cycle: not kept, not judged
    await().atMost(Duration.ofSeconds(10)).until(() -> runtime.metrics().skippedTotal("out_of_order") == 1);

    // v2 alerts below 1000 cycles, so on anything; it judges at once with the history v1 built up
    runtime.swap(TestBundles.load(TestBundles.rul(folder, "2", Map.of(ModelKind.RUL_ALERT_BELOW, "1000", ModelKind.MIN_CYCLES, "120"))));
    alerts.clear();
    process(turbofan("tf-90", engine.get(n - 1)));
    await().atMost(Duration.ofSeconds(10)).until(() -> alerts.size() == 1);
    assertThat(alerts.peek().modelVersion()).isEqualTo("2");
    assertThat(alerts.peek().event().seq()).isEqualTo(n);

    // a new engine is judged only from its min_cycles-th cycle on
    List<Payload.Turbofan> other = TurbofanReplay.fd001().get(95);
    alerts.clear();
    for (Payload.Turbofan c : other.subList(0, 121)) process(turbofan("tf-95", c));
    await().atMost(Duration.ofSeconds(30)).until(() -> alerts.size() == 2);
    assertThat(alerts).extracting(a -> a.event().seq()).containsExactly(120L, 121L);
  }

  @Test
  void theGatewayEndpointShowsTheModelInServiceAndTheCounters() throws Exception {
    try (GatewayMetrics m = new GatewayMetrics()) {
      ModelRuntime r = new ModelRuntime("gw-t", m.registry(), a -> CompletableFuture.completedFuture(null));
      try {
        LoadedModel v3 = TestBundles.load(TestBundles.zscore(folder, "3", TestBundles.ENV_RULES));
        r.start().swap(v3);
        r.stored(r.admit(env("env-1", 1, 60)), true);
        await().atMost(Duration.ofSeconds(10)).until(() -> r.metrics().alertsTotal() == 1);
        r.metrics().refused("bad_signature");
        int port = m.serve(0);
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        assertThat(body).contains(
            "edge_model_serving{bundle=\"" + v3.info().shortId() + "\",kind=\"zscore\",name=\"env-zscore\",version=\"3\"} 1.0",
            "edge_model_loads_total 1.0", "edge_model_refused_total{reason=\"bad_signature\"} 1.0", "edge_scored_total 1.0",
            "edge_alerts_total 1.0", "edge_alert_publish_failures_total 0.0", "edge_score_errors_total 0.0",
            "edge_score_queue 0.0");
      } finally {
        r.close();
      }
    }
  }
}
