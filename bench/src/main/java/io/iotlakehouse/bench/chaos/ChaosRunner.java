package io.iotlakehouse.bench.chaos;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.edge.GatewayKeys;
import io.iotlakehouse.stack.Ports;
import io.iotlakehouse.stack.StackKeys;
import io.iotlakehouse.streaming.StreamingKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A fault campaign on the real pipeline ({@link ChaosPipeline}): devices publish while faults are injected on a
 * schedule drawn from a seeded {@link Random}; then the devices stop, the pipeline catches up, and {@link LakeAudit}
 * checks every layer per device. Progress on stderr; the report is one JSON object, the last line of stdout.
 *
 * <ul>
 *   <li>{@code kill-jobs}: {@code kills} times, after a random pause (uniform in 0.5..1.5 x duration / kills), SIGKILL a
 *       random streaming job (bronze, silver, gold, hot path; each its own JVM) and start it again at once; recovery =
 *       from the restart until the new JVM has completed a batch (its progress in Redis) and the job's output holds
 *       what its input held at the restart (hot path: the batch alone). The next kill waits for that recovery, so every recovery is measured.</li>
 *   <li>{@code kafka-outage}: after a random 20-40% of the duration, SIGKILL the broker; half way through the outage
 *       (length {@code outage}) SIGKILL the gateway and start it again (its Kafka is still down); then start the
 *       broker. Recovery = from the broker's restart until bronze holds as many rows as the gateway had accepted then.</li>
 * </ul>
 */
public final class ChaosRunner {
  public static final List<String> SCENARIOS = List.of("kill-jobs", "kafka-outage");

  /** duration: how long devices publish (kill-jobs: the kills' mean spacing is duration / kills). */
  public record Options(String scenario, Duration duration, long seed, int kills, Duration outage, Duration catchUpTimeout) {}

  /** One injected fault and how long the pipeline took to recover from it. */
  public record Fault(String kind, String target, long atMs, long recoveryMs, boolean recovered) {
    String toJson() {
      return String.format(Locale.ROOT, "{\"kind\":\"%s\",\"target\":\"%s\",\"at_ms\":%d,\"recovery_ms\":%d,\"recovered\":%b}",
          kind, target, atMs, recoveryMs, recovered);
    }
  }

  public record Result(Options options, List<Fault> faults, long published, int unplannedRestarts, long catchUpMs,
      boolean caughtUp, PipelineAudit.Report audit) {
    public boolean ok() {
      return caughtUp && audit.ok() && faults.stream().allMatch(Fault::recovered);
    }

    public String toJson() {
      long[] rec = faults.stream().filter(Fault::recovered).mapToLong(Fault::recoveryMs).sorted().toArray();
      return String.format(Locale.ROOT,
          "{\"scenario\":\"%s\",\"seed\":%d,\"duration_s\":%d,\"faults\":%d,\"events\":%d,\"published\":%d,\"lost\":%d,"
              + "\"duplicated\":%d,\"recovery_ms_p50\":%d,\"recovery_ms_max\":%d,\"unplanned_restarts\":%d,\"caught_up\":%b,"
              + "\"catch_up_ms\":%d,\"ok\":%b,\"fault_log\":[%s],\"audit\":%s}",
          options.scenario(), options.seed(), options.duration().toSeconds(), faults.size(), audit.total(PipelineAudit.Device::reference),
          published, audit.lost(), audit.duplicated(), rec.length == 0 ? 0 : rec[rec.length / 2], rec.length == 0 ? 0 : rec[rec.length - 1],
          unplannedRestarts, caughtUp, catchUpMs, ok(), faults.stream().map(Fault::toJson).collect(Collectors.joining(",")),
          audit.toJson());
    }
  }

  private final Options options;
  private final PrintStream log;
  private final Random random;
  private final List<Fault> faults = new ArrayList<>();
  private long t0;

  private ChaosRunner(Options options, PrintStream log) {
    this.options = options;
    this.log = log;
    this.random = new Random(options.seed());
  }

  /**
   * Runs a scenario in a fresh folder {@code <lakehouse.work-dir>/chaos/<scenario>-<seed>} (deleted first) on free
   * ports, always on embedded services (faults are injected into them); {@code base} supplies the fleet (simulators.*) and job settings.
   */
  public static Result run(Config base, Options options, PrintStream log) throws InterruptedException {
    if (!SCENARIOS.contains(options.scenario())) {
      throw new IllegalArgumentException("unknown scenario " + options.scenario() + "; one of " + SCENARIOS);
    }
    Path work = base.get(PlatformKeys.WORK_DIR).toAbsolutePath().resolve("chaos/" + options.scenario() + "-" + options.seed());
    deleteTree(work);
    Config cfg = base.with(PlatformKeys.WORK_DIR, work.toString()).with(PlatformKeys.KAFKA_BOOTSTRAP, "")
        .with(PlatformKeys.MQTT_HOST, "").with(PlatformKeys.REDIS_URL, "").with(StreamingKeys.LAKE_ROOT, "")
        .with(StackKeys.KAFKA_PORT, String.valueOf(Ports.free())).with(StackKeys.KAFKA_CONTROLLER_PORT, String.valueOf(Ports.free()))
        .with(PlatformKeys.MQTT_PORT, String.valueOf(Ports.free())).with(StackKeys.REDIS_PORT, String.valueOf(Ports.free()))
        .with(GatewayKeys.METRICS_PORT, "0");
    return new ChaosRunner(options, log).run(cfg, work);
  }

  private Result run(Config cfg, Path work) throws InterruptedException {
    log.println("chaos " + options.scenario() + " seed " + options.seed() + ": starting the stack, gateway and jobs in " + work);
    try (ChaosPipeline p = ChaosPipeline.start(cfg)) {
      t0 = System.nanoTime();
      log.println("devices publishing; injecting faults for about " + options.duration().toSeconds() + " s");
      if (options.scenario().equals("kill-jobs")) {
        killJobs(p);
      } else {
        kafkaOutage(p);
      }
      long published = p.stopDevices();
      log.println("devices stopped after " + published + " events; waiting for every layer to catch up");
      long c0 = System.nanoTime();
      boolean caughtUp = ChaosPipeline.await(p::caughtUp, options.catchUpTimeout());
      long catchUpMs = (System.nanoTime() - c0) / 1_000_000;
      log.println((caughtUp ? "caught up in " : "NOT caught up after ") + catchUpMs + " ms; auditing");
      PipelineAudit.Report audit = LakeAudit.run(p.spark(), new LakeAudit.Sources(p.lake(), p.producedFile(), p.gatewayState(),
          p.config().get(PlatformKeys.KAFKA_BOOTSTRAP), p.config().get(PlatformKeys.TOPIC_TELEMETRY)));
      audit.lines().forEach(log::println);
      return new Result(options, List.copyOf(faults), published, p.unplannedRestarts(), catchUpMs, caughtUp, audit);
    }
  }

  private void killJobs(ChaosPipeline p) throws InterruptedException {
    long meanGapMs = Math.max(1000, options.duration().toMillis() / Math.max(1, options.kills()));
    for (int i = 0; i < options.kills(); i++) {
      Thread.sleep((long) (meanGapMs * (0.5 + random.nextDouble())));
      ChaosPipeline.Job job = ChaosPipeline.Job.values()[random.nextInt(ChaosPipeline.Job.values().length)];
      long at = elapsedMs();
      p.killAndRestart(job);
      long restarted = System.nanoTime();
      var caughtUp = p.caughtUpWith(job);
      boolean ok = ChaosPipeline.await(caughtUp, options.catchUpTimeout());
      Fault f = new Fault("kill-9", job.id(), at, (System.nanoTime() - restarted) / 1_000_000, ok);
      faults.add(f);
      log.printf("fault %d/%d: kill -9 %s at %d ms, %s in %d ms%n", i + 1, options.kills(), job.id(), at,
          ok ? "recovered" : "NOT recovered", f.recoveryMs());
    }
  }

  private void kafkaOutage(ChaosPipeline p) throws InterruptedException {
    long total = options.duration().toMillis();
    long before = (long) (total * (0.2 + 0.2 * random.nextDouble()));
    Thread.sleep(before);
    long down = elapsedMs();
    p.killKafka();
    log.println("kill -9 Kafka broker at " + down + " ms (outage " + options.outage().toSeconds() + " s)");
    Thread.sleep(options.outage().toMillis() / 2);
    long gw = elapsedMs();
    p.killAndRestartGateway();
    faults.add(new Fault("kill-9", "gateway", gw, 0, true)); // recovery is the broker's, below
    log.println("kill -9 gateway during the outage at " + gw + " ms, restarted");
    Thread.sleep(options.outage().toMillis() / 2);
    p.startKafka();
    long restarted = System.nanoTime();
    long accepted = p.gatewayAccepted();
    boolean ok = ChaosPipeline.await(() -> p.bronzeRows() >= accepted, options.catchUpTimeout());
    faults.add(0, new Fault("kafka-outage", "broker", down, (System.nanoTime() - restarted) / 1_000_000, ok));
    log.println("broker back; bronze " + (ok ? "caught up" : "NOT caught up") + " with the " + accepted + " accepted events in "
        + faults.get(0).recoveryMs() + " ms");
    long rest = total - elapsedMs();
    if (rest > 0) Thread.sleep(rest);
  }

  private long elapsedMs() {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + dir, e);
    }
  }
}
