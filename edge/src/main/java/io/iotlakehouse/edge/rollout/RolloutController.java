package io.iotlakehouse.edge.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.common.lineage.LineageDataset;
import io.iotlakehouse.common.lineage.LineageEmitter;
import io.iotlakehouse.common.lineage.LineageEvents;
import io.iotlakehouse.edge.rollout.RolloutPolicy.Counters;
import io.iotlakehouse.edge.rollout.RolloutPolicy.Liveness;
import io.iotlakehouse.registry.ModelRegistry;
import io.iotlakehouse.registry.RegisteredVersion;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Rolls a prepared bundle out to the gateways: canaries first (a fraction of the online gateways,
 * {@link RolloutPolicy#canaries}), wait until they serve it, watch their error and alert rates for a window against
 * the baseline, then widen to every gateway — or set the canaries back to the version each served before. Every
 * decision is recorded as tags on the registry version ({@code lakehouse.rollout}, {@code lakehouse.rollout.id},
 * {@code .canaries}, {@code .time}), and each gateway that reached the version is a lineage edge deployment.
 */
public final class RolloutController {
  public static final String ROLLOUT_TAG = "lakehouse.rollout";
  public static final String ROLLOUT_ID_TAG = "lakehouse.rollout.id";
  public static final String CANARIES_TAG = "lakehouse.rollout.canaries";
  public static final String TIME_TAG = "lakehouse.rollout.time";

  /** The gateways as the controller sees and steers them (MQTT: {@link GatewayDirectory}). */
  public interface Gateways {
    /** The latest heartbeat of every gateway known, by id. */
    Map<String, GatewayReport> reports();

    /** Sets the model a gateway should serve (retained, so a gateway that is away gets it when it returns). */
    void tell(String gatewayId, DesiredModel desired);
  }

  /** Waits; tests may pass a shorter poll. */
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  public record Settings(double canaryFraction, Duration watchWindow, Duration staleAfter, Duration serveTimeout,
      RolloutPolicy.Limits limits, Duration poll) {
    public static Settings from(Config c) {
      return new Settings(c.get(RolloutKeys.CANARY_FRACTION), c.get(RolloutKeys.WATCH_WINDOW), c.get(RolloutKeys.STALE_AFTER),
          c.get(RolloutKeys.SERVE_TIMEOUT), new RolloutPolicy.Limits(c.get(RolloutKeys.ALERT_RATE_RATIO),
          c.get(RolloutKeys.ALERT_RATE_FLOOR), c.get(RolloutKeys.MAX_ERROR_RATE), c.get(RolloutKeys.MIN_SCORED)),
          Duration.ofMillis(250));
    }
  }

  /** What happened; {@code decision}: completed, partial (some online gateways did not take it) or rolled_back. */
  public record Outcome(String model, String version, String bundleId, String rolloutId, String decision, String reason,
      List<String> canaries, List<String> deployed, List<String> rolledBack, List<String> notServing,
      Map<String, String> skipped, Counters canary, Counters baseline, List<String> warnings) {
    public boolean ok() {
      return decision.equals("completed");
    }

    public String toJson() {
      ObjectMapper m = new ObjectMapper();
      ObjectNode o = m.createObjectNode().put("model", model).put("version", version).put("bundle_id", bundleId)
          .put("rollout_id", rolloutId).put("decision", decision).put("reason", reason);
      canaries.forEach(o.putArray("canaries")::add);
      deployed.forEach(o.putArray("deployed")::add);
      rolledBack.forEach(o.putArray("rolled_back")::add);
      notServing.forEach(o.putArray("not_serving")::add);
      ObjectNode s = o.putObject("skipped");
      skipped.forEach(s::put);
      if (canary != null) {
        o.putObject("canary_window").put("scored", canary.scored()).put("errors", canary.errors()).put("alerts", canary.alerts());
      }
      if (baseline != null) {
        o.putObject("baseline").put("scored", baseline.scored()).put("errors", baseline.errors()).put("alerts", baseline.alerts());
      }
      warnings.forEach(o.putArray("warnings")::add);
      return o.toString();
    }
  }

  private final Gateways gateways;
  private final ModelRegistry registry;
  private final LineageEmitter lineage;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Settings settings;
  private final Consumer<String> log;
  private final List<String> warnings = new ArrayList<>();

  public RolloutController(Gateways gateways, ModelRegistry registry, LineageEmitter lineage, Clock clock, Sleeper sleeper,
      Settings settings, Consumer<String> log) {
    this.gateways = gateways;
    this.registry = registry;
    this.lineage = lineage;
    this.clock = clock;
    this.sleeper = sleeper;
    this.settings = settings;
    this.log = log;
  }

  /** Runs the rollout of {@code target} (a prepared bundle of {@code version}); blocks until decided. */
  public Outcome run(RegisteredVersion version, DesiredModel target) throws InterruptedException {
    warnings.clear();
    String bundle = target.bundleId();
    Map<String, GatewayReport> all = gateways.reports();
    long now = clock.millis();
    List<String> online = new ArrayList<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    all.forEach((id, r) -> {
      Liveness l = RolloutPolicy.liveness(r, now, settings.staleAfter());
      if (l == Liveness.ONLINE) online.add(id);
      else skipped.put(id, l.wire());
    });
    if (online.isEmpty()) {
      throw new LakehouseException("No gateway to roll " + target.label() + " out to",
          all.isEmpty() ? "no gateway heartbeat was found on MQTT gateways/+/heartbeat"
              : "none of the " + all.size() + " gateways known is online with a heartbeat younger than "
              + RolloutKeys.STALE_AFTER.name() + " = " + settings.staleAfter() + " (" + skipped + ")",
          "start the gateways (lakehouse gateway) and check `lakehouse models status`");
    }
    List<String> canaries = RolloutPolicy.canaries(online, target.rolloutId(), settings.canaryFraction());
    Map<String, GatewayReport> before = new LinkedHashMap<>();
    canaries.forEach(c -> before.put(c, all.get(c)));
    log.accept("rollout " + target.rolloutId() + ": " + target.label() + " (bundle " + bundle.substring(0, 12) + ") to "
        + online.size() + " online gateways; canaries " + canaries + (skipped.isEmpty() ? "" : "; skipped " + skipped));
    record(version, "canary: " + canaries.size() + " of " + online.size() + " online gateways", target.rolloutId(), canaries);

    // 1. canaries take the version
    for (String c : canaries) gateways.tell(c, target);
    Wait w = await(canaries, r -> r.serves(bundle), r -> r.gaveUpOn(bundle));
    if (!w.failed.isEmpty() || !w.pending.isEmpty()) {
      String reason = !w.failed.isEmpty() ? "canary refused the version: " + w.failed
          : "canaries not serving it within " + RolloutKeys.SERVE_TIMEOUT.name() + " = " + settings.serveTimeout() + ": " + w.pending;
      return rollBack(version, target, canaries, before, reason, null, null, skipped);
    }
    Map<String, GatewayReport> start = gateways.reports();
    log.accept("canaries serve " + target.label() + "; watching their error and alert rates for " + settings.watchWindow());

    // 2. watch window: scoring errors or a canary leaving the version end it early; alert rates are judged at its end
    long windowEnd = clock.millis() + settings.watchWindow().toMillis();
    Map<String, GatewayReport> end;
    Counters canary;
    while (true) {
      sleeper.sleep(Duration.ofMillis(Math.max(1, Math.min(settings.poll().toMillis(), windowEnd - clock.millis()))));
      end = gateways.reports();
      canary = Counters.ZERO;
      List<String> lost = new ArrayList<>();
      for (String c : canaries) {
        GatewayReport e = end.get(c);
        if (!e.serves(bundle)) lost.add(c + " (" + e.model() + ", " + e.state() + ")");
        canary = canary.plus(e.counters().since(start.get(c).counters()));
      }
      if (!lost.isEmpty()) {
        return rollBack(version, target, canaries, before, "canaries stopped serving it during the watch window: " + lost,
            canary, null, skipped);
      }
      if (canary.scored() + canary.errors() >= settings.limits().minScored()
          && canary.errorRate() > settings.limits().maxErrorRate()) {
        String reason = RolloutPolicy.judge(canary, null, settings.limits()).reason() + " (after "
            + Duration.ofMillis(settings.watchWindow().toMillis() - Math.max(0, windowEnd - clock.millis())) + " of the window)";
        return rollBack(version, target, canaries, before, reason, canary, null, skipped);
      }
      if (clock.millis() >= windowEnd) break;
    }
    Counters others = Counters.ZERO;
    for (String g : online) {
      if (canaries.contains(g) || !end.containsKey(g) || !start.containsKey(g)) continue;
      others = others.plus(end.get(g).counters().since(start.get(g).counters()));
    }
    Counters earlier = Counters.ZERO;
    for (GatewayReport r : before.values()) if (r.modelBundle() != null) earlier = earlier.plus(r.counters());
    Counters baseline = others.scored() > 0 ? others : earlier.scored() > 0 ? earlier : null;
    RolloutPolicy.Verdict verdict = RolloutPolicy.judge(canary, baseline, settings.limits());
    log.accept("canary verdict: " + (verdict.healthy() ? "healthy" : "unhealthy") + " (" + verdict.reason() + ")");
    if (!verdict.healthy()) return rollBack(version, target, canaries, before, verdict.reason(), canary, baseline, skipped);

    // 3. widen: every other gateway known (offline ones get the retained message when they return)
    List<String> rest = new ArrayList<>();
    for (String g : all.keySet()) if (!canaries.contains(g)) rest.add(g);
    for (String g : rest) gateways.tell(g, target);
    List<String> restOnline = rest.stream().filter(online::contains).toList();
    Wait widened = await(restOnline, r -> r.serves(bundle), r -> r.gaveUpOn(bundle));
    List<String> deployed = new ArrayList<>(canaries);
    deployed.addAll(widened.done);
    deployed.sort(null);
    emitLineage(version, deployed);
    List<String> notServing = new ArrayList<>(widened.failed);
    notServing.addAll(widened.pending);
    String decision = notServing.isEmpty() ? "completed" : "partial";
    String reason = "canaries healthy (" + verdict.reason() + "); " + deployed.size() + " of " + online.size()
        + " online gateways serve it" + (notServing.isEmpty() ? "" : "; not serving: " + notServing)
        + (skipped.isEmpty() ? "" : "; not online (told, retained): " + skipped.keySet());
    record(version, decision + ": " + reason, target.rolloutId(), canaries);
    return new Outcome(target.name(), target.version(), bundle, target.rolloutId(), decision, reason, canaries, deployed,
        List.of(), notServing, skipped, canary, baseline, List.copyOf(warnings));
  }

  private Outcome rollBack(RegisteredVersion version, DesiredModel target, List<String> canaries,
      Map<String, GatewayReport> before, String reason, Counters canary, Counters baseline, Map<String, String> skipped)
      throws InterruptedException {
    log.accept("rolling back the canaries: " + reason);
    List<String> back = new ArrayList<>();
    List<String> stuck = new ArrayList<>();
    Map<String, String> previousBundle = new LinkedHashMap<>();
    for (String c : canaries) {
      GatewayReport r = before.get(c);
      if (r.modelBundle() == null || r.model() == null) {
        stuck.add(c + " (served no model before)");
        continue;
      }
      int at = r.model().lastIndexOf('@');
      String name = r.model().substring(0, at);
      String v = r.model().substring(at + 1);
      DesiredModel prev = new DesiredModel(name, v, r.modelBundle(), "", "", target.rolloutId() + "-rollback");
      try { // the registry's url lets a gateway that lost the folder download it again; the local copy is used first
        Optional<DesiredModel> recorded = EdgeBundles.recorded(registry.version(name, v), prev.rolloutId());
        if (recorded.isPresent() && recorded.get().bundleId().equals(r.modelBundle())) prev = recorded.get();
      } catch (RuntimeException e) {
        warnings.add("no download url for the previous version " + r.model() + ": " + e.getMessage());
      }
      gateways.tell(c, prev);
      previousBundle.put(c, r.modelBundle());
    }
    Wait w = await(new ArrayList<>(previousBundle.keySet()), r -> r.serves(previousBundle.get(r.gateway())),
        r -> r.gaveUpOn(previousBundle.get(r.gateway())));
    back.addAll(w.done);
    stuck.addAll(w.failed);
    stuck.addAll(w.pending);
    String full = reason + (stuck.isEmpty() ? "" : "; not back on their previous version: " + stuck);
    record(version, "rolled_back: " + full, target.rolloutId(), canaries);
    return new Outcome(target.name(), target.version(), target.bundleId(), target.rolloutId(), "rolled_back", full,
        canaries, List.of(), back, stuck, skipped, canary, baseline, List.copyOf(warnings));
  }

  private record Wait(List<String> done, List<String> failed, List<String> pending) {}

  /** Waits until every gateway's report passes {@code done} or {@code failed}, or the serve timeout. */
  private Wait await(List<String> ids, Predicate<GatewayReport> done, Predicate<GatewayReport> failed)
      throws InterruptedException {
    long deadline = clock.millis() + settings.serveTimeout().toMillis();
    while (true) {
      Map<String, GatewayReport> now = gateways.reports();
      List<String> ok = new ArrayList<>();
      List<String> bad = new ArrayList<>();
      List<String> pending = new ArrayList<>();
      for (String id : ids) {
        GatewayReport r = now.get(id);
        if (r != null && done.test(r)) ok.add(id);
        else if (r != null && failed.test(r)) bad.add(id + " (" + r.state() + ")");
        else pending.add(id);
      }
      if (pending.isEmpty() || clock.millis() >= deadline) return new Wait(ok, bad, pending);
      sleeper.sleep(settings.poll());
    }
  }

  private void record(RegisteredVersion v, String decision, String rolloutId, List<String> canaries) {
    try {
      registry.setTag(v.modelName(), v.version(), ROLLOUT_TAG, decision);
      registry.setTag(v.modelName(), v.version(), ROLLOUT_ID_TAG, rolloutId);
      registry.setTag(v.modelName(), v.version(), CANARIES_TAG, String.join(",", canaries));
      registry.setTag(v.modelName(), v.version(), TIME_TAG, clock.instant().toString());
    } catch (RuntimeException e) {
      warnings.add("decision not recorded in the registry (" + decision + "): " + e.getMessage());
      log.accept("WARNING: could not record the decision on the registry version: " + e.getMessage());
    }
  }

  private void emitLineage(RegisteredVersion v, List<String> deployed) {
    int number;
    try {
      number = Integer.parseInt(v.version());
    } catch (NumberFormatException e) {
      warnings.add("no lineage: version '" + v.version() + "' is not a number");
      return;
    }
    LineageDataset model = LineageDataset.modelVersion(v.modelName(), number, v.runId());
    for (String g : deployed) {
      try {
        lineage.emit(LineageEvents.edgeDeployment(g, model, clock.instant()));
      } catch (RuntimeException e) {
        warnings.add("lineage of " + g + " not emitted: " + e.getMessage());
      }
    }
  }
}
