package io.iotlakehouse.bench.chaos;

import io.iotlakehouse.batch.job.CompactJob;
import io.iotlakehouse.batch.job.IcebergSyncJob;
import io.iotlakehouse.batch.job.VacuumJob;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.edge.GatewayKeys;
import io.iotlakehouse.stack.Ports;
import io.iotlakehouse.stack.StackKeys;
import io.iotlakehouse.streaming.StreamingKeys;
import io.iotlakehouse.streaming.io.Lake;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.BooleanSupplier;
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
 *       broker. Recovery = from the broker's restart until its partitions have a leader and bronze holds as many rows as
 *       the gateway had accepted then.</li>
 *   <li>{@code broker-bounce}: on a 3-node KRaft cluster (replication 3, min.insync.replicas 2), {@code bounces} times,
 *       after a random pause, SIGKILL a random node, leave it down 5-15 s while the other two serve, and start it again
 *       on its folder (never two down at once); recovery = from the restart until no partition is under-replicated.
 *       Then a full cluster stop (SIGTERM to all three) and start; recovery = from the start until no partition is
 *       under-replicated and bronze holds what the gateway had accepted then.</li>
 *   <li>{@code disk-full}: the lake folder is a size-limited tmpfs ({@link DiskFull}); once every job has completed a
 *       batch and after a random pause, a ballast file fills it; the first job whose write fails must exit non-zero with
 *       "No space left on device" in its log (not hang); the lake stays full for {@code outage} while devices publish
 *       (no job is restarted meanwhile), then the ballast goes and the supervisor restarts the failed jobs. Recovery =
 *       from the ballast's removal until each failed job's new JVM completed a batch and its output holds what its
 *       input held at the removal.</li>
 *   <li>{@code combined} (the CI campaign): scenarios 1-3 on one pipeline and one 3-node cluster, in sequence once every
 *       job has completed a batch: {@code kills} job kills as in kill-jobs but in bursts of up to four, 1-3 s apart (each
 *       job at most once per burst, seeded order; recoveries measured per job, a burst's awaited together),
 *       {@code bounces} node bounces as in broker-bounce, then the whole cluster stopped (SIGTERM) for {@code outage},
 *       which is also kafka-outage's cut of the gateway's Kafka link: the gateway is killed -9 half way and restarted;
 *       recovery as in broker-bounce's full stop. Each step waits for the previous one's recovery.</li>
 *   <li>{@code soak}: kill-jobs with the batch jobs running beside the streams as a scheduler would run them: every
 *       {@link #maintenanceInterval} while the devices publish, compaction, VACUUM and the Iceberg sync, one after the
 *       other, each in its own JVM with the pipeline's config; each run must exit 0. Meant for a long run at the highest rate the machines carry
 *       (RELIABILITY.md: 30 minutes; 225 devices on one 2-core machine, 5,000 trucks on separate ones).</li>
 * </ul>
 */
public final class ChaosRunner {
  public static final List<String> SCENARIOS = List.of("kill-jobs", "kafka-outage", "broker-bounce", "disk-full", "combined", "soak");
  /** Nodes of the Kafka cluster in {@code broker-bounce} and {@code combined}. */
  public static final int BOUNCE_NODES = 3;

  /**
   * duration: how long devices publish (kill-jobs: the kills' mean spacing is duration / kills); kills: kill-jobs' and
   * combined's job kills; bounces: broker-bounce's and combined's node kills; outage: how long kafka-outage and combined
   * keep Kafka down and disk-full the lake full.
   */
  public record Options(String scenario, Duration duration, long seed, int kills, int bounces, Duration outage,
      Duration catchUpTimeout) {}

  /** One injected fault and how long the pipeline took to recover from it; detail says what was seen (may be empty). */
  public record Fault(String kind, String target, long atMs, long recoveryMs, boolean recovered, String detail) {
    Fault(String kind, String target, long atMs, long recoveryMs, boolean recovered) {
      this(kind, target, atMs, recoveryMs, recovered, "");
    }

    String toJson() {
      return String.format(Locale.ROOT, "{\"kind\":\"%s\",\"target\":\"%s\",\"at_ms\":%d,\"recovery_ms\":%d,\"recovered\":%b%s}",
          kind, target, atMs, recoveryMs, recovered, detail.isEmpty() ? "" : ",\"detail\":\"" + json(detail) + "\"");
    }
  }

  private static String toJson(ChaosPipeline.BatchRun m) {
    return String.format(Locale.ROOT, "{\"job\":\"%s\",\"at_ms\":%d,\"exit\":%d,\"ms\":%d,\"result\":\"%s\"}", m.job(), m.atMs(),
        m.exitCode(), m.ms(), json(m.lastLine()));
  }

  static String json(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  public record Result(Options options, List<Fault> faults, List<ChaosPipeline.BatchRun> maintenance, long published,
      int unplannedRestarts, long catchUpMs, boolean caughtUp, PipelineAudit.Report audit) {
    public boolean ok() {
      return caughtUp && audit.ok() && faults.stream().allMatch(Fault::recovered) && maintenance.stream().allMatch(ChaosPipeline.BatchRun::ok);
    }

    public String toJson() {
      long[] rec = faults.stream().filter(Fault::recovered).mapToLong(Fault::recoveryMs).sorted().toArray();
      return String.format(Locale.ROOT,
          "{\"scenario\":\"%s\",\"seed\":%d,\"duration_s\":%d,\"faults\":%d,\"events\":%d,\"published\":%d,\"lost\":%d,"
              + "\"duplicated\":%d,\"recovery_ms_p50\":%d,\"recovery_ms_max\":%d,\"unplanned_restarts\":%d,\"caught_up\":%b,"
              + "\"catch_up_ms\":%d,\"ok\":%b,\"fault_log\":[%s],%s\"audit\":%s}",
          options.scenario(), options.seed(), options.duration().toSeconds(), faults.size(), audit.total(PipelineAudit.Device::reference),
          published, audit.lost(), audit.duplicated(), rec.length == 0 ? 0 : rec[rec.length / 2], rec.length == 0 ? 0 : rec[rec.length - 1],
          unplannedRestarts, caughtUp, catchUpMs, ok(), faults.stream().map(Fault::toJson).collect(Collectors.joining(",")),
          maintenance.isEmpty() ? "" : "\"maintenance_runs\":" + maintenance.size() + ",\"maintenance_failed\":"
              + maintenance.stream().filter(m -> !m.ok()).count() + ",\"maintenance_log\":["
              + maintenance.stream().map(ChaosRunner::toJson).collect(Collectors.joining(",")) + "],",
          audit.toJson());
    }
  }

  private final Options options;
  private final PrintStream log;
  private final Random random;
  private final List<Fault> faults = new ArrayList<>();
  private final List<ChaosPipeline.BatchRun> maintenance = Collections.synchronizedList(new ArrayList<>());
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
        .with(StackKeys.KAFKA_SECURE_PORT, String.valueOf(Ports.free()))
        .with(PlatformKeys.MQTT_PORT, String.valueOf(Ports.free())).with(StackKeys.REDIS_PORT, String.valueOf(Ports.free()))
        .with(GatewayKeys.METRICS_PORT, "0");
    if (options.scenario().equals("broker-bounce") || options.scenario().equals("combined")) {
      cfg = cfg.with(StackKeys.KAFKA_NODES, String.valueOf(BOUNCE_NODES));
    }
    if (!options.scenario().equals("disk-full")) return new ChaosRunner(options, log).run(cfg, work);
    try (DiskFull lake = DiskFull.mount(Lake.from(cfg).root(), DISK_FULL_LAKE_SIZE, log)) {
      return new ChaosRunner(options, log).run(cfg, work, lake);
    }
  }

  /** Size of disk-full's tmpfs lake: room for a few minutes of a small fleet's tables and checkpoints. */
  static final String DISK_FULL_LAKE_SIZE = "256m";

  private Result run(Config cfg, Path work) throws InterruptedException {
    return run(cfg, work, null);
  }

  private Result run(Config cfg, Path work, DiskFull lake) throws InterruptedException {
    log.println("chaos " + options.scenario() + " seed " + options.seed() + ": starting the stack, gateway and jobs in " + work);
    try (ChaosPipeline p = ChaosPipeline.start(cfg)) {
      t0 = System.nanoTime();
      log.println("devices publishing; injecting faults for about " + options.duration().toSeconds() + " s");
      switch (options.scenario()) {
        case "kill-jobs":
          killJobs(p);
          break;
        case "kafka-outage":
          kafkaOutage(p);
          break;
        case "broker-bounce":
          brokerBounce(p);
          break;
        case "combined":
          combined(p);
          break;
        case "soak":
          soak(p);
          break;
        default:
          diskFull(p, lake);
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
      return new Result(options, List.copyOf(faults), List.copyOf(maintenance), published, p.unplannedRestarts(), catchUpMs, caughtUp, audit);
    }
  }

  private void killJobs(ChaosPipeline p) throws InterruptedException {
    long meanGapMs = Math.max(1000, options.duration().toMillis() / Math.max(1, options.kills()));
    for (int i = 0; i < options.kills(); i++) {
      pause(meanGapMs);
      ChaosPipeline.Job job = ChaosPipeline.Job.values()[random.nextInt(ChaosPipeline.Job.values().length)];
      killJobs(p, List.of(job), "fault " + (i + 1) + "/" + options.kills());
    }
  }

  /** The batch jobs a soak runs beside the streams, in this order, every {@link #maintenanceInterval}. */
  static final List<Class<?>> MAINTENANCE = List.of(CompactJob.class, VacuumJob.class, IcebergSyncJob.class);

  /** How often a soak runs {@link #MAINTENANCE}: a fifth of the duration (4 rounds), at least a minute. */
  static Duration maintenanceInterval(Duration duration) {
    return Duration.ofMillis(Math.max(60_000, duration.toMillis() / 5));
  }

  private void soak(ChaosPipeline p) throws InterruptedException {
    long every = maintenanceInterval(options.duration()).toMillis();
    Thread scheduler = new Thread(() -> {
      try {
        for (long next = every; next < options.duration().toMillis(); next += every) {
          Thread.sleep(Math.max(0, next - elapsedMs()));
          for (Class<?> job : MAINTENANCE) {
            String name = job.getSimpleName().replace("Job", "").toLowerCase(Locale.ROOT);
            ChaosPipeline.BatchRun r = p.runBatchJob(name, job, elapsedMs(), options.catchUpTimeout());
            maintenance.add(r);
            log.printf("maintenance: %s at %d ms exited %d after %d ms: %s%n", name, r.atMs(), r.exitCode(), r.ms(), r.lastLine());
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "soak-maintenance");
    scheduler.start();
    killJobs(p);
    sleepUntilDurationEnds();
    scheduler.join(); // a round started before the end finishes; the devices publish meanwhile
  }

  private void kafkaOutage(ChaosPipeline p) throws InterruptedException {
    Thread.sleep((long) (options.duration().toMillis() * (0.2 + 0.2 * random.nextDouble())));
    clusterOutage(p, true, options.outage().toMillis(), true);
    sleepUntilDurationEnds();
  }

  private void brokerBounce(ChaosPipeline p) throws InterruptedException {
    int nodes = requireCluster(p);
    long meanGapMs = Math.max(1000, options.duration().toMillis() / (options.bounces() + 2));
    bounceNodes(p, nodes, meanGapMs);
    pause(meanGapMs);
    clusterOutage(p, false, 10_000 + random.nextInt(10_001), false);
    sleepUntilDurationEnds();
  }

  /**
   * Scenarios 1-3 on one pipeline, once every job has completed a batch: {@code kills} job kills in bursts of up to four
   * (each job at most once per burst, in a seeded random order; a burst's recoveries awaited together), {@code bounces}
   * node bounces, then the whole cluster stopped for {@code outage} with the gateway killed -9 half way (its Kafka link
   * cut) and restarted; a random pause (mean duration / (steps + 1)) before each step.
   */
  private void combined(ChaosPipeline p) throws InterruptedException {
    int nodes = requireCluster(p);
    awaitFirstBatches(p, List.of(ChaosPipeline.Job.values()));
    int jobs = ChaosPipeline.Job.values().length;
    int bursts = (options.kills() + jobs - 1) / jobs;
    long meanGapMs = Math.max(1000, options.duration().toMillis() / (bursts + options.bounces() + 2));
    for (int b = 0; b < bursts; b++) {
      List<ChaosPipeline.Job> order = new ArrayList<>(List.of(ChaosPipeline.Job.values()));
      Collections.shuffle(order, random);
      pause(meanGapMs);
      killJobs(p, order.subList(0, Math.min(jobs, options.kills() - b * jobs)), "kills " + (b + 1) + "/" + bursts);
    }
    bounceNodes(p, nodes, meanGapMs);
    pause(meanGapMs);
    clusterOutage(p, false, options.outage().toMillis(), true);
    sleepUntilDurationEnds();
  }

  // ------------------------------------------------------------------ fault steps, shared by the scenarios

  /**
   * SIGKILL each of {@code jobs} and start it again at once, 1-3 s (random) between two kills; then waits for every
   * one's recovery, measured per job: from its restart until its new JVM has completed a batch and its output holds what
   * its input held once the last of them was restarted (for one job: at its restart).
   */
  private void killJobs(ChaosPipeline p, List<ChaosPipeline.Job> jobs, String label) throws InterruptedException {
    int n = jobs.size();
    long[] at = new long[n];
    long[] restarted = new long[n];
    long[] restartedEpochMs = new long[n];
    long[] recoveryMs = new long[n];
    for (int i = 0; i < n; i++) {
      if (i > 0) Thread.sleep(1000 + random.nextInt(2001));
      at[i] = elapsedMs();
      p.killAndRestart(jobs.get(i));
      restarted[i] = System.nanoTime();
      restartedEpochMs[i] = System.currentTimeMillis();
      recoveryMs[i] = -1;
      log.printf("%s: kill -9 %s at %d ms, restarted%n", label, jobs.get(i).id(), at[i]);
    }
    // the targets are read after the burst: counting a table takes seconds on a loaded machine and would space the kills
    List<BooleanSupplier> caughtUp = new ArrayList<>();
    for (int i = 0; i < n; i++) caughtUp.add(p.caughtUpWith(jobs.get(i), restartedEpochMs[i]));
    ChaosPipeline.await(() -> {
      boolean all = true;
      for (int i = 0; i < n; i++) {
        if (recoveryMs[i] < 0 && caughtUp.get(i).getAsBoolean()) recoveryMs[i] = (System.nanoTime() - restarted[i]) / 1_000_000;
        all &= recoveryMs[i] >= 0;
      }
      return all;
    }, options.catchUpTimeout());
    for (int i = 0; i < n; i++) {
      boolean ok = recoveryMs[i] >= 0;
      Fault f = new Fault("kill-9", jobs.get(i).id(), at[i], ok ? recoveryMs[i] : (System.nanoTime() - restarted[i]) / 1_000_000, ok);
      faults.add(f);
      log.printf("%s: kill -9 %s at %d ms, %s in %d ms%n", label, f.target(), at[i], ok ? "recovered" : "NOT recovered", f.recoveryMs());
    }
  }

  /** {@code bounces} times, after a random pause, a random node of {@code nodes} bounced for 5-15 s. */
  private void bounceNodes(ChaosPipeline p, int nodes, long meanGapMs) throws InterruptedException {
    for (int i = 0; i < options.bounces(); i++) {
      pause(meanGapMs);
      bounceNode(p, 1 + random.nextInt(nodes), 5000 + random.nextInt(10_001), "bounce " + (i + 1) + "/" + options.bounces());
    }
  }

  /**
   * SIGKILL Kafka node {@code id}, leave it down {@code downMs} while the others serve, start it on its folder;
   * recovery = from the restart until no partition is under-replicated.
   */
  private void bounceNode(ChaosPipeline p, int id, long downMs, String label) throws InterruptedException {
    long at = elapsedMs();
    p.killBroker(id);
    log.printf("%s: kill -9 Kafka node %d at %d ms, down for %d ms%n", label, id, at, downMs);
    Thread.sleep(downMs);
    long restart = System.nanoTime();
    p.startBroker(id);
    long readyMs = (System.nanoTime() - restart) / 1_000_000;
    boolean ok = ChaosPipeline.await(() -> p.underReplicatedPartitions() == 0, options.catchUpTimeout());
    Fault f = new Fault("kill-9", "kafka-node-" + id, at, (System.nanoTime() - restart) / 1_000_000, ok,
        "down " + downMs + " ms; node ready " + readyMs + " ms after its restart");
    faults.add(f);
    log.printf("%s: node %d back, %s in %d ms (node ready after %d ms)%n", label, id,
        ok ? "no under-replicated partition" : "partitions STILL under-replicated", f.recoveryMs(), readyMs);
  }

  /**
   * Every Kafka node down (SIGKILL: fault {@code kafka-outage}; SIGTERM, a clean full stop: {@code stop-start}) for
   * {@code downMs} from the moment it is down, the gateway's Kafka link cut meanwhile; with {@code killGateway} the
   * gateway is killed -9 half way and started again (its Kafka still down: it must start, accept and buffer). Then every
   * node starts on its folder; recovery = from the start until no partition is under-replicated and bronze holds what the
   * gateway had accepted at the start.
   */
  private void clusterOutage(ChaosPipeline p, boolean sigkill, long downMs, boolean killGateway) throws InterruptedException {
    int at = faults.size();
    long t = elapsedMs();
    if (sigkill) {
      p.killKafka();
    } else {
      p.stopKafka();
    }
    long down = System.nanoTime();
    String what = (sigkill ? "kill -9 " : "clean stop (SIGTERM) of ")
        + (p.kafkaNodes() == 1 ? "the Kafka broker" : "all " + p.kafkaNodes() + " Kafka nodes");
    log.printf("%s at %d ms (down after %d ms), for %d ms: the gateway's Kafka link is cut%n", what, t, elapsedMs() - t, downMs);
    if (killGateway) {
      Thread.sleep(downMs / 2);
      long gw = elapsedMs();
      p.killAndRestartGateway();
      faults.add(new Fault("kill-9", "gateway", gw, 0, true)); // recovery is the cluster's, below
      log.println("kill -9 gateway during the outage at " + gw + " ms, restarted (Kafka still down)");
    }
    Thread.sleep(Math.max(0, downMs - (System.nanoTime() - down) / 1_000_000));
    long wasDownMs = (System.nanoTime() - down) / 1_000_000;
    long restart = System.nanoTime();
    p.startKafka();
    long readyMs = (System.nanoTime() - restart) / 1_000_000;
    long accepted = p.gatewayAccepted();
    boolean ok = ChaosPipeline.await(() -> p.underReplicatedPartitions() == 0 && p.bronzeRows() >= accepted, options.catchUpTimeout());
    Fault f = new Fault(sigkill ? "kafka-outage" : "stop-start", p.kafkaNodes() == 1 ? "broker" : "kafka-cluster", t,
        (System.nanoTime() - restart) / 1_000_000, ok, "down " + wasDownMs + " ms; Kafka ready " + readyMs
            + " ms after its start; bronze caught up with " + accepted + " accepted events");
    faults.add(at, f);
    log.printf("Kafka back: %s in %d ms (ready after %d ms)%n", ok ? "replicas in sync and bronze caught up" : "NOT recovered",
        f.recoveryMs(), readyMs);
  }

  private void awaitFirstBatches(ChaosPipeline p, List<ChaosPipeline.Job> jobs) throws InterruptedException {
    log.println("waiting until " + jobs.stream().map(ChaosPipeline.Job::id).collect(Collectors.joining(", "))
        + " have each completed a batch");
    if (!ChaosPipeline.await(() -> jobs.stream().allMatch(j -> p.lastBatch(j) > 0), options.catchUpTimeout())) {
      throw new IllegalStateException("the jobs did not complete a first batch within " + options.catchUpTimeout().toSeconds()
          + " s; see the logs under " + p.config().get(PlatformKeys.WORK_DIR).resolve("logs"));
    }
  }

  private int requireCluster(ChaosPipeline p) {
    int nodes = p.kafkaNodes();
    if (nodes < 3) {
      throw new IllegalStateException(options.scenario() + " needs a Kafka cluster of 3 nodes, this one has " + nodes);
    }
    return nodes;
  }

  /** Sleeps uniform in 0.5..1.5 x {@code meanMs}. */
  private void pause(long meanMs) throws InterruptedException {
    Thread.sleep((long) (meanMs * (0.5 + random.nextDouble())));
  }

  private void sleepUntilDurationEnds() throws InterruptedException {
    long rest = options.duration().toMillis() - elapsedMs();
    if (rest > 0) Thread.sleep(rest);
  }

  private void diskFull(ChaosPipeline p, DiskFull lake) throws InterruptedException {
    long total = options.duration().toMillis();
    awaitFirstBatches(p, List.of(ChaosPipeline.Job.BRONZE, ChaosPipeline.Job.SILVER, ChaosPipeline.Job.GOLD));
    Thread.sleep((long) (total * (0.1 + 0.2 * random.nextDouble())));
    long at = elapsedMs();
    p.holdRestarts(true);
    long ballast = lake.fill();
    log.printf("disk full at %d ms: %d MB of ballast in %s (%d bytes free); waiting for a job to fail%n", at,
        ballast >> 20, lake.mountPoint(), lake.free());
    long f0 = System.nanoTime();
    boolean failed = ChaosPipeline.await(() -> !p.exits().isEmpty(), options.catchUpTimeout());
    long failMs = (System.nanoTime() - f0) / 1_000_000;
    long keepFull = Math.max(0, options.outage().toMillis() - failMs);
    Thread.sleep(keepFull);
    List<ChaosPipeline.Exit> exits = p.exits();
    lake.clear();
    long freed = System.nanoTime();
    log.printf("ballast removed at %d ms (%d bytes free); jobs that exited while the lake was full: %s%n", elapsedMs(), lake.free(),
        exits.stream().map(e -> e.process() + " code " + e.exitCode()).collect(Collectors.toList()));
    List<BooleanSupplier> recovered = exits.stream().map(e -> p.caughtUpWith(e.job())).collect(Collectors.toList());
    p.holdRestarts(false);
    p.clearExits();
    List<String> quiet = exits.stream().filter(e -> e.exitCode() == 0 || !e.logTail().contains(DiskFull.ENOSPC))
        .map(e -> e.process() + " (code " + e.exitCode() + ")").collect(Collectors.toList());
    boolean loud = failed && quiet.isEmpty();
    boolean ok = loud && ChaosPipeline.await(() -> recovered.stream().allMatch(BooleanSupplier::getAsBoolean),
        options.catchUpTimeout());
    String detail = !failed
        ? "no job exited within " + options.catchUpTimeout().toSeconds() + " s of the disk filling (hung or never wrote)"
        : "first job exit " + failMs + " ms after the disk filled; exits: " + exits.stream()
            .map(e -> e.process() + " code " + e.exitCode() + (e.logTail().contains(DiskFull.ENOSPC) ? " '" + DiskFull.ENOSPC + "'" : ""))
            .collect(Collectors.joining(", "))
            + (quiet.isEmpty() ? "" : "; WITHOUT a non-zero exit and '" + DiskFull.ENOSPC + "' in the log: " + quiet);
    faults.add(new Fault("disk-full", exits.stream().map(e -> e.job().id()).collect(Collectors.joining("+", "lake:", "")), at,
        (System.nanoTime() - freed) / 1_000_000, ok, detail));
    log.println("disk-full: " + detail + "; " + (ok ? "recovered" : "NOT recovered") + " in " + faults.get(faults.size() - 1).recoveryMs() + " ms");
    sleepUntilDurationEnds();
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
