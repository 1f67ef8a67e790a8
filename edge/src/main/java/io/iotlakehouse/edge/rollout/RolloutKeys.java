package io.iotlakehouse.edge.rollout;

import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.Validator;
import io.iotlakehouse.common.config.ValueType;
import java.time.Duration;
import java.util.List;

/**
 * Config keys of model rollout: the gateway side (fetching the bundle its controller asks for) and the controller side
 * ({@code lakehouse models rollout | status}: canary size, watch window, health limits, staleness, timeouts).
 */
public final class RolloutKeys {
  private RolloutKeys() {}

  // --- gateway ---
  public static final ConfigKey<Integer> FETCH_ATTEMPTS = ConfigKey.define(
      "edge.model.fetch.attempts", ValueType.INT, "5", Validator.between(1, 100),
      "Downloads of a desired bundle tried before the gateway reports it failed (state failed:unreachable) and keeps "
          + "serving its current model; a new desired message starts again");
  public static final ConfigKey<Duration> FETCH_BACKOFF = ConfigKey.define(
      "edge.model.fetch.backoff", ValueType.DURATION, "1s",
      Validator.of(d -> d.compareTo(Duration.ofMillis(10)) >= 0, "at least 10ms"),
      "Wait after the first failed download of a desired bundle; doubled after each further failure");
  public static final ConfigKey<Duration> FETCH_MAX_BACKOFF = ConfigKey.define(
      "edge.model.fetch.max-backoff", ValueType.DURATION, "30s", Validator.positiveDuration(),
      "Longest wait between two downloads of a desired bundle");
  public static final ConfigKey<Duration> FETCH_TIMEOUT = ConfigKey.define(
      "edge.model.fetch.timeout", ValueType.DURATION, "60s", Validator.positiveDuration(),
      "Connect and response timeout of one bundle download");

  // --- controller ---
  public static final ConfigKey<String> CONTROLLER_ID = ConfigKey.define(
      "edge.rollout.controller-id", ValueType.STRING, "rollout",
      Validator.of(s -> s.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}"), "letters, digits, '.', '_', '-'"),
      "MQTT identity of the rollout controller (client id; over TLS its certificate is "
          + "<mqtt.tls.identity-dir>/controllers/<id>.crt, OU=controller, `lakehouse pki issue --controller <id>`)");
  public static final ConfigKey<Double> CANARY_FRACTION = ConfigKey.define(
      "edge.rollout.canary-fraction", ValueType.DOUBLE, "0.25", Validator.of(f -> f > 0 && f <= 1, "above 0, at most 1"),
      "Share of the online gateways that get a new version first (rounded up, at least 1)");
  public static final ConfigKey<Duration> WATCH_WINDOW = ConfigKey.define(
      "edge.rollout.watch-window", ValueType.DURATION, "5m", Validator.positiveDuration(),
      "How long the canaries' error and alert rates are watched once they serve the new version, before widening");
  public static final ConfigKey<Double> ALERT_RATE_RATIO = ConfigKey.define(
      "edge.rollout.alert-rate-ratio", ValueType.DOUBLE, "3", Validator.of(r -> r >= 1, "at least 1"),
      "A canary alert rate (alerts / events scored) above this multiple of the baseline's (and above "
          + "edge.rollout.alert-rate-floor) rolls the version back");
  public static final ConfigKey<Double> ALERT_RATE_FLOOR = ConfigKey.define(
      "edge.rollout.alert-rate-floor", ValueType.DOUBLE, "0.05", Validator.of(r -> r >= 0 && r <= 1, "between 0 and 1"),
      "Canary alert rate that is always acceptable (so a baseline near 0 does not make one alert a rollback)");
  public static final ConfigKey<Double> MAX_ERROR_RATE = ConfigKey.define(
      "edge.rollout.max-error-rate", ValueType.DOUBLE, "0.01", Validator.of(r -> r >= 0 && r <= 1, "between 0 and 1"),
      "Highest canary scoring error rate (errors / events judged) before the version is rolled back");
  public static final ConfigKey<Long> MIN_SCORED = ConfigKey.define(
      "edge.rollout.min-scored", ValueType.LONG, "20", Validator.atLeast(0L),
      "Fewest events the canaries must judge in the watch window; with fewer there is no evidence and the version "
          + "is rolled back");
  public static final ConfigKey<Duration> STALE_AFTER = ConfigKey.define(
      "edge.rollout.heartbeat-stale-after", ValueType.DURATION, "60s", Validator.positiveDuration(),
      "A gateway whose last heartbeat is older is stale: not picked as a canary, not waited for");
  public static final ConfigKey<Duration> SERVE_TIMEOUT = ConfigKey.define(
      "edge.rollout.serve-timeout", ValueType.DURATION, "5m", Validator.positiveDuration(),
      "How long gateways get to report that they serve a version they were told to run (canaries: else rollback)");

  public static List<ConfigKey<?>> gatewayKeys() {
    return List.of(FETCH_ATTEMPTS, FETCH_BACKOFF, FETCH_MAX_BACKOFF, FETCH_TIMEOUT);
  }

  public static List<ConfigKey<?>> controllerKeys() {
    return List.of(CONTROLLER_ID, CANARY_FRACTION, WATCH_WINDOW, ALERT_RATE_RATIO, ALERT_RATE_FLOOR, MAX_ERROR_RATE,
        MIN_SCORED, STALE_AFTER, SERVE_TIMEOUT);
  }
}
