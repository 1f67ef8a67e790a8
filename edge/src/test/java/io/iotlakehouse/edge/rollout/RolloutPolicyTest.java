package io.iotlakehouse.edge.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.edge.rollout.RolloutPolicy.Counters;
import io.iotlakehouse.edge.rollout.RolloutPolicy.Liveness;
import io.iotlakehouse.edge.rollout.RolloutPolicy.Limits;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class RolloutPolicyTest {
  static final Limits LIMITS = new Limits(3, 0.05, 0.01, 20);
  static final long NOW = 1_800_000_000_000L;

  static Stream<Arguments> verdicts() {
    return Stream.of(
        // canary window, baseline, healthy, reason
        Arguments.of(new Counters(1000, 0, 20), new Counters(5000, 0, 100), true,
            "alert rate 0.0200 (20 of 1000) vs baseline 0.0200, limit max(3x, floor 0.05) = 0.0600; error rate 0.0000"),
        Arguments.of(new Counters(1000, 0, 930), new Counters(5000, 0, 100), false,
            "alert rate 0.9300 (930 of 1000) vs baseline 0.0200, limit max(3x, floor 0.05) = 0.0600"),
        Arguments.of(new Counters(1000, 0, 60), new Counters(1000, 0, 20), true, // exactly at 3x: allowed
            "alert rate 0.0600 (60 of 1000) vs baseline 0.0200, limit max(3x, floor 0.05) = 0.0600; error rate 0.0000"),
        Arguments.of(new Counters(1000, 0, 61), new Counters(1000, 0, 20), false,
            "alert rate 0.0610 (61 of 1000) vs baseline 0.0200, limit max(3x, floor 0.05) = 0.0600"),
        Arguments.of(new Counters(1000, 0, 40), new Counters(1000, 0, 0), true, // baseline 0: the floor applies
            "alert rate 0.0400 (40 of 1000) vs baseline 0.0000, limit max(3x, floor 0.05) = 0.0500; error rate 0.0000"),
        Arguments.of(new Counters(1000, 0, 40), null, true,
            "alert rate 0.0400 (40 of 1000) vs no baseline, floor 0.05; error rate 0.0000"),
        Arguments.of(new Counters(1000, 0, 51), null, false, "alert rate 0.0510 (51 of 1000) vs no baseline, floor 0.05"),
        Arguments.of(new Counters(900, 100, 0), new Counters(1000, 0, 0), false,
            "error rate 0.1000 (100 of 1000) > edge.rollout.max-error-rate 0.01"),
        Arguments.of(new Counters(990, 10, 0), new Counters(1000, 0, 0), true,
            "alert rate 0.0000 (0 of 990) vs baseline 0.0000, limit max(3x, floor 0.05) = 0.0500; error rate 0.0100"),
        Arguments.of(new Counters(0, 30, 0), null, false, "error rate 1.0000 (30 of 30) > edge.rollout.max-error-rate 0.01"),
        Arguments.of(new Counters(19, 0, 0), new Counters(1000, 0, 0), false,
            "no evidence: the canaries judged 19 events in the watch window, fewer than edge.rollout.min-scored = 20"),
        Arguments.of(Counters.ZERO, null, false,
            "no evidence: the canaries judged 0 events in the watch window, fewer than edge.rollout.min-scored = 20"));
  }

  @ParameterizedTest
  @MethodSource("verdicts")
  void judgesTheCanaryWindow(Counters canary, Counters baseline, boolean healthy, String reason) {
    RolloutPolicy.Verdict v = RolloutPolicy.judge(canary, baseline, LIMITS);
    assertThat(v.reason()).isEqualTo(reason);
    assertThat(v.healthy()).isEqualTo(healthy);
  }

  static Stream<Arguments> liveness() {
    return Stream.of(
        Arguments.of("online", NOW - 1_000, Liveness.ONLINE),
        Arguments.of("online", NOW - 60_000, Liveness.ONLINE),
        Arguments.of("online", NOW - 60_001, Liveness.STALE),
        Arguments.of("online", NOW + 5_000, Liveness.ONLINE), // a gateway clock ahead of ours
        Arguments.of("offline", NOW, Liveness.OFFLINE),
        Arguments.of("stopped", NOW, Liveness.STOPPED),
        Arguments.of("unknown", NOW, Liveness.OFFLINE));
  }

  @ParameterizedTest
  @MethodSource("liveness")
  void heartbeatsTellOnlineStaleOfflineAndStopped(String status, long ts, Liveness expected) {
    GatewayReport r = new GatewayReport("gw", status, ts, null, null, null, null, null, "none", Counters.ZERO);
    assertThat(RolloutPolicy.liveness(r, NOW, Duration.ofSeconds(60))).isEqualTo(expected);
  }

  static Stream<Arguments> canaryCounts() {
    return Stream.of(
        Arguments.of(0, 0.25, 0), Arguments.of(1, 0.25, 1), Arguments.of(3, 0.25, 1), Arguments.of(4, 0.25, 1),
        Arguments.of(5, 0.25, 2), Arguments.of(4, 0.5, 2), Arguments.of(10, 0.1, 1), Arguments.of(10, 0.3, 3),
        Arguments.of(3, 1.0, 3), Arguments.of(100, 0.01, 1));
  }

  @ParameterizedTest
  @MethodSource("canaryCounts")
  void canariesAreAFractionRoundedUpAtLeastOne(int gateways, double fraction, int expected) {
    List<String> ids = IntStream.rangeClosed(1, gateways).mapToObj(i -> "gw-" + i).toList();
    assertThat(RolloutPolicy.canaries(ids, "r1", fraction)).hasSize(expected).isSubsetOf(ids).isSorted();
  }

  @Test
  void canariesAreDeterministicPerRolloutAndVaryBetweenRollouts() {
    List<String> ids = IntStream.rangeClosed(1, 20).mapToObj(i -> "gw-" + i).toList();
    List<String> a = RolloutPolicy.canaries(ids, "rollout-a", 0.2);
    assertThat(RolloutPolicy.canaries(reversed(ids), "rollout-a", 0.2)).isEqualTo(a); // order of discovery does not matter
    long distinct = IntStream.range(0, 10).mapToObj(i -> RolloutPolicy.canaries(ids, "rollout-" + i, 0.2)).distinct().count();
    assertThat(distinct).isGreaterThan(1);
    assertThatThrownBy(() -> RolloutPolicy.canaries(ids, "r", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RolloutPolicy.canaries(ids, "r", 1.5)).isInstanceOf(IllegalArgumentException.class);
  }

  static List<String> reversed(List<String> l) {
    List<String> r = new java.util.ArrayList<>(l);
    java.util.Collections.reverse(r);
    return r;
  }

  @Test
  void countersGrowAndARestartedGatewayCountsFromZero() {
    Counters start = new Counters(100, 1, 5);
    assertThat(new Counters(150, 2, 9).since(start)).isEqualTo(new Counters(50, 1, 4));
    assertThat(new Counters(30, 0, 1).since(start)).isEqualTo(new Counters(30, 0, 1));
    assertThat(Counters.ZERO.alertRate()).isZero();
    assertThat(Counters.ZERO.errorRate()).isZero();
  }

  @Test
  void heartbeatsParseIntoReports() {
    String hb = "{\"gateway\":\"gw-1\",\"status\":\"online\",\"ts\":5,\"model\":\"m@2\",\"model_bundle\":\"b2\","
        + "\"model_desired\":\"m@3\",\"model_desired_bundle\":\"b3\",\"rollout_id\":\"r\",\"model_state\":\"refused:bad_signature\","
        + "\"scored\":10,\"score_errors\":1,\"alerts\":2}";
    GatewayReport r = GatewayReport.parse("gw-1", hb.getBytes());
    assertThat(r).isEqualTo(new GatewayReport("gw-1", "online", 5, "m@2", "b2", "m@3", "b3", "r", "refused:bad_signature",
        new Counters(10, 1, 2)));
    assertThat(r.serves("b2")).isTrue();
    assertThat(r.gaveUpOn("b3")).isTrue();
    assertThat(r.gaveUpOn("b2")).isFalse();
    GatewayReport old = GatewayReport.parse("gw-2", "{\"status\":\"offline\",\"ts\":7}".getBytes()); // a last will
    assertThat(old.state()).isEqualTo("none");
    assertThat(old.model()).isNull();
    assertThat(GatewayReport.parse("gw-3", "garbage".getBytes())).isNull();
  }

  @Test
  void statusTableShowsWhoRunsWhat() {
    var reports = new java.util.TreeMap<String, GatewayReport>();
    reports.put("gw-b", new GatewayReport("gw-b", "online", NOW - 90_000, "m@1", "b1", "m@2", "b2", "r", "fetching", Counters.ZERO));
    reports.put("gw-a", new GatewayReport("gw-a", "online", NOW - 2_000, "m@2", "b2", "m@2", "b2", "r", "serving", Counters.ZERO));
    reports.put("gw-c", new GatewayReport("gw-c", "offline", NOW - 5_000, null, null, null, null, null, "none", Counters.ZERO));
    List<StatusView.Row> rows = StatusView.rows(reports, NOW, Duration.ofSeconds(60));
    assertThat(rows).extracting(StatusView.Row::status).containsExactly("online", "stale", "offline");
    assertThat(StatusView.table(rows).lines().toList()).containsExactly(
        "GATEWAY              STATUS   SERVING                  DESIRED                  STATE                        HEARTBEAT AGE",
        "gw-a                 online   m@2                      m@2                      serving                      2s",
        "gw-b                 stale    m@1                      m@2                      fetching                     90s",
        "gw-c                 offline  -                        -                        none                         5s");
    assertThat(StatusView.json(rows)).startsWith("{\"gateways\":[{\"gateway\":\"gw-a\",\"status\":\"online\",\"serving\":\"m@2\"");
  }
}
