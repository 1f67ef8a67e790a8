package io.iotlakehouse.edge.rollout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The rollout's decisions, pure: which gateways count (liveness from heartbeats), which are canaries, and whether the
 * canaries' error and alert rates during the watch window allow widening or call for a rollback.
 */
public final class RolloutPolicy {
  private RolloutPolicy() {}

  /** A gateway as its last heartbeat shows it. */
  public enum Liveness {
    /** Heartbeat "online" and younger than the staleness limit. */
    ONLINE,
    /** Heartbeat "online" but older than the limit: the gateway or its MQTT link is gone without a last will yet. */
    STALE,
    /** Its last will: the connection dropped. */
    OFFLINE,
    /** It stopped cleanly. */
    STOPPED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static Liveness liveness(GatewayReport r, long nowMillis, Duration staleAfter) {
    switch (r.status()) {
      case "online":
        return nowMillis - r.ts() > staleAfter.toMillis() ? Liveness.STALE : Liveness.ONLINE;
      case "stopped":
        return Liveness.STOPPED;
      default:
        return Liveness.OFFLINE;
    }
  }

  /**
   * The canaries among {@code gateways}: the first {@code ceil(fraction * n)} (at least 1) in the order of
   * SHA-256(rolloutId + "/" + gateway id). Deterministic for a rollout (a rerun picks the same gateways), different
   * between rollouts (not always the same gateways take the risk). Empty when there are no gateways.
   */
  public static List<String> canaries(List<String> gateways, String rolloutId, double fraction) {
    if (!(fraction > 0 && fraction <= 1)) throw new IllegalArgumentException("fraction must be in (0, 1]: " + fraction);
    if (gateways.isEmpty()) return List.of();
    int n = Math.max(1, (int) Math.ceil(fraction * gateways.size() - 1e-9));
    return gateways.stream().distinct().sorted(Comparator.comparing((String g) -> rank(rolloutId, g)).thenComparing(g -> g))
        .limit(n).sorted().toList();
  }

  private static String rank(String rolloutId, String gateway) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest((rolloutId + "/" + gateway).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Cumulative counters of a gateway (or a sum of gateways): events judged, scoring errors, alerts. */
  public record Counters(long scored, long errors, long alerts) {
    public static final Counters ZERO = new Counters(0, 0, 0);

    /** Growth since {@code earlier}; a counter that went down (the gateway restarted) counts from 0. */
    public Counters since(Counters earlier) {
      if (scored < earlier.scored || errors < earlier.errors || alerts < earlier.alerts) return this;
      return new Counters(scored - earlier.scored, errors - earlier.errors, alerts - earlier.alerts);
    }

    public Counters plus(Counters o) {
      return new Counters(scored + o.scored, errors + o.errors, alerts + o.alerts);
    }

    /** Alerts per event judged (0 when none was). */
    public double alertRate() {
      return scored == 0 ? 0 : (double) alerts / scored;
    }

    /** Errors per event the model was asked to judge (0 when none). */
    public double errorRate() {
      return scored + errors == 0 ? 0 : (double) errors / (scored + errors);
    }
  }

  /** The health limits (edge.rollout.*). */
  public record Limits(double alertRateRatio, double alertRateFloor, double maxErrorRate, long minScored) {}

  /** Widen or roll back, with the comparison that decided it. */
  public record Verdict(boolean healthy, String reason) {}

  /**
   * Judges the canaries' window. {@code baseline}: the same window on the gateways that kept the old version, or the
   * canaries' own counters under the old version; null when there is none (then only the floor and the error limit
   * apply). Unhealthy when: too few events judged (no evidence), the error rate is above the limit, or the alert rate
   * is above both {@code ratio x baseline} and the floor.
   */
  public static Verdict judge(Counters canary, Counters baseline, Limits limits) {
    long attempts = canary.scored() + canary.errors();
    if (attempts < limits.minScored()) {
      return new Verdict(false, String.format(Locale.ROOT, "no evidence: the canaries judged %d events in the watch "
          + "window, fewer than edge.rollout.min-scored = %d", attempts, limits.minScored()));
    }
    if (canary.errorRate() > limits.maxErrorRate()) {
      return new Verdict(false, String.format(Locale.ROOT, "error rate %.4f (%d of %d) > edge.rollout.max-error-rate %s",
          canary.errorRate(), canary.errors(), attempts, num(limits.maxErrorRate())));
    }
    double base = baseline == null || baseline.scored() == 0 ? Double.NaN : baseline.alertRate();
    double allowed = Double.isNaN(base) ? limits.alertRateFloor() : Math.max(limits.alertRateFloor(), limits.alertRateRatio() * base);
    String against = Double.isNaN(base) ? String.format(Locale.ROOT, "no baseline, floor %s", num(limits.alertRateFloor()))
        : String.format(Locale.ROOT, "baseline %.4f, limit max(%sx, floor %s) = %.4f", base, num(limits.alertRateRatio()),
            num(limits.alertRateFloor()), allowed);
    if (canary.alertRate() > allowed) {
      return new Verdict(false, String.format(Locale.ROOT, "alert rate %.4f (%d of %d) vs %s", canary.alertRate(),
          canary.alerts(), canary.scored(), against));
    }
    return new Verdict(true, String.format(Locale.ROOT, "alert rate %.4f (%d of %d) vs %s; error rate %.4f",
        canary.alertRate(), canary.alerts(), canary.scored(), against, canary.errorRate()));
  }

  private static String num(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
