package io.iotlakehouse.batch.job;

import static io.iotlakehouse.batch.TestLake.appendBronze;
import static io.iotlakehouse.batch.TestLake.bronze;
import static io.iotlakehouse.batch.TestLake.delta;
import static io.iotlakehouse.batch.TestLake.spark;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iotlakehouse.batch.TestLake;
import io.iotlakehouse.batch.io.DeltaMaintenance;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.streaming.io.DeltaTables;
import io.iotlakehouse.streaming.job.SilverJob;
import io.iotlakehouse.streaming.transform.silver.SilverSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acceptance: the real silver job appends to silver (and reads bronze, which keeps receiving rows) while compaction and
 * VACUUM run over and over on both tables. The stream never fails, and silver's content (row count and a checksum over
 * device_id, seq and the values) equals that of a silver run over the same bronze without any maintenance.
 *
 * <p>Events land in the current and the two previous event dates, so the stream keeps appending to partitions that
 * compaction rewrites. The tables' {@code delta.deletedFileRetentionDuration} is 60 s so VACUUM really deletes the
 * files compaction replaced within the test. The stream is watched for at least
 * {@code -Dlakehouse.test.maintenance-seconds} (default 90 for CI; the long run in the README used 600) and until
 * compaction has rewritten bronze and silver and VACUUM has deleted replaced files.
 */
class MaintenanceConcurrencyTest {
  private static final Logger LOG = LoggerFactory.getLogger(MaintenanceConcurrencyTest.class);
  private static final Map<String, String> SHORT_RETENTION = Map.of(
      "delta.deletedFileRetentionDuration", "interval 60 seconds", "delta.logRetentionDuration", "interval 1 days");

  @TempDir Path dir;

  @Test
  void streamKeepsAppendingWhileCompactionAndVacuumRun() throws Exception {
    long seconds = Long.getLong("lakehouse.test.maintenance-seconds", 90);
    Config config = TestLake.config(dir.resolve("lake"),
        "streaming.bronze.trigger-interval=1s", "streaming.silver.trigger-interval=1s", "streaming.gold.trigger-interval=5s",
        "batch.compaction.tables=bronze/telemetry,silver/telemetry,silver/duplicates",
        "batch.vacuum.tables=bronze/telemetry,silver/telemetry,silver/duplicates",
        "batch.compaction.min-age=1d", "batch.vacuum.retention=60s", "batch.vacuum.safety-margin=15s",
        "batch.maintenance.backoff=200ms");
    SilverJob.Paths paths = SilverJob.Paths.from(config);
    TestLake.ensureBronze(paths.bronze(), SHORT_RETENTION);
    DeltaTables.ensure(spark(), paths.silver(), SilverSchemas.SILVER, new String[] {"event_date"}, SHORT_RETENTION);
    DeltaTables.ensure(spark(), paths.duplicates(), SilverSchemas.DUPLICATES, new String[] {"ingest_date"}, SHORT_RETENTION);

    Feed feed = new Feed(20);
    Instant now = Instant.now();
    // bronze of the two previous ingest dates, in small commits: old partitions for compaction to rewrite
    for (int i = 0; i < 6; i++) {
      appendBronze(paths.bronze(), bronze(feed.next(40, now.minus(Duration.ofDays(2))), now.minus(Duration.ofDays(2))));
      appendBronze(paths.bronze(), bronze(feed.next(40, now.minus(Duration.ofDays(1))), now.minus(Duration.ofDays(1))));
    }

    StreamingQuery silver = SilverJob.start(spark(), config, Trigger.ProcessingTime(1000));
    // maintenance starts once silver holds rows of the old dates, so the first compaction already has both to rewrite
    await().atMost(Duration.ofMinutes(3)).until(() -> silver.lastProgress() != null && delta(paths.silver()).count() > 0);
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<CompactJob.Result> compactions = new CopyOnWriteArrayList<>();
    List<VacuumJob.Result> vacuums = new CopyOnWriteArrayList<>();
    List<String> refusals = new CopyOnWriteArrayList<>();
    try {
      // each its own scheduler pool (TestLake's session schedules FAIR): in production the devices' path, the stream
      // and the maintenance job are separate applications; in one local[2] session FIFO would starve the stream
      Future<Integer> feeder = pool.submit(() -> {
        spark().sparkContext().setLocalProperty("spark.scheduler.pool", "feed");
        int commits = 0;
        while (running.get()) {
          Instant t = Instant.now();
          appendBronze(paths.bronze(), bronze(feed.next(60, t), t));
          commits++;
          Thread.sleep(1000); // the devices' pace: a bronze commit about every second
        }
        return commits;
      });
      Future<?> maintenance = pool.submit(() -> {
        spark().sparkContext().setLocalProperty("spark.scheduler.pool", "maintenance");
        while (running.get()) {
          compactions.add(CompactJob.run(spark(), config));
          // VACUUM more often than compaction (as a scheduler would), never beside it: an OPTIMIZE running longer than
          // the 60 s retention would lose its uncommitted files to a concurrent VACUUM. Until the files this
          // compaction replaced are past the retention and gone, or for 90 s at most.
          long deletedBefore = deleted(vacuums);
          long until = System.nanoTime() + 90_000_000_000L;
          do {
            try {
              vacuums.add(VacuumJob.run(spark(), config));
            } catch (LakehouseException e) {
              // the guard at work: silver's position on bronze was older than retention - margin allows
              refusals.add(e.getMessage());
            }
          } while (running.get() && deleted(vacuums) == deletedBefore && System.nanoTime() < until
              && pause(Duration.ofSeconds(5)));
        }
        return null;
      });
      // watch the stream for at least the configured time, and until maintenance has rewritten both tables and VACUUM
      // has deleted replaced files (on a loaded machine that takes longer than the minimum)
      long minEnd = System.nanoTime() + seconds * 1_000_000_000L;
      long maxEnd = System.nanoTime() + Math.max(seconds, 900) * 1_000_000_000L;
      while (System.nanoTime() < minEnd || !(rewrote(compactions, "bronze/telemetry") && rewrote(compactions, "silver/telemetry")
          && deleted(vacuums) > 0)) {
        assertThat(silver.exception().isEmpty()).as("silver failed: %s", silver.exception()).isTrue();
        assertThat(silver.isActive()).isTrue();
        assertThat(System.nanoTime()).as("maintenance did not rewrite and vacuum both tables within 15 minutes: %s %s %s",
            compactions, vacuums, refusals).isLessThan(maxEnd);
        if (maintenance.isDone()) maintenance.get(); // surfaces a failure of the maintenance thread
        Thread.sleep(1000); // a watch over time, not a wait for one condition
      }
      running.set(false);
      int commits = feeder.get();
      maintenance.get();
      LOG.info("{} bronze commits, {} compaction runs, {} vacuum runs, {} vacuums refused", commits, compactions.size(),
          vacuums.size(), refusals.size());

      long bronzeRows = delta(paths.bronze()).count();
      await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).until(() ->
          delta(paths.silver()).count() + delta(paths.quarantine()).count() + delta(paths.duplicates()).count() == bronzeRows);
      assertThat(silver.exception().isEmpty()).as("silver failed: %s", silver.exception()).isTrue();
    } finally {
      running.set(false);
      pool.shutdownNow();
      silver.stop();
    }

    report(compactions, vacuums);

    // the same bronze through silver without maintenance
    Path reference = dir.resolve("reference");
    copy(Path.of(paths.bronze()), reference.resolve("bronze/telemetry"));
    Config refConfig = TestLake.config(reference);
    StreamingQuery ref = SilverJob.start(spark(), refConfig, Trigger.AvailableNow());
    ref.awaitTermination();
    assertThat(ref.exception().isEmpty()).as("reference run failed: %s", ref.exception()).isTrue();
    SilverJob.Paths refPaths = SilverJob.Paths.from(refConfig);

    Row maintained = TestLake.checksum(delta(paths.silver()), TestLake.EVENT_COLUMNS);
    Row plain = TestLake.checksum(delta(refPaths.silver()), TestLake.EVENT_COLUMNS);
    LOG.info("silver with maintenance {}, without {}; generated {} distinct events", maintained, plain, feed.distinct());
    assertThat(maintained).isEqualTo(plain);
    assertThat(maintained.getLong(0)).isEqualTo(feed.distinct());
    // every row the feed sent is in bronze; silver holds each event once, so the rest (the re-sent copies) are
    // duplicates or quarantined with a reason (logged by rule), the same ones as without maintenance
    assertThat(delta(paths.bronze()).count()).isEqualTo(feed.distinct() + feed.copies());
    LOG.info("quarantined by rule: {}", delta(paths.quarantine()).groupBy("rule_id").count().collectAsList());
    assertThat(delta(paths.duplicates()).count()).isEqualTo(delta(refPaths.duplicates()).count());
    assertThat(delta(paths.quarantine()).count()).isEqualTo(delta(refPaths.quarantine()).count());
    assertThat(delta(paths.duplicates()).count() + delta(paths.quarantine()).count()).isEqualTo(feed.copies());
  }

  /** Sleeps; false when interrupted (the test is over). */
  private static boolean pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean rewrote(List<CompactJob.Result> compactions, String table) {
    return compactions.stream().flatMap(r -> r.tables().stream())
        .anyMatch(t -> t.table().equals(table) && t.optimizeCommits() > 0);
  }

  private static long deleted(List<VacuumJob.Result> vacuums) {
    return vacuums.stream().flatMap(v -> v.tables().stream()).mapToLong(DeltaMaintenance.Vacuum::filesDeleted).sum();
  }

  /** Logs what compaction and VACUUM did: the file counts before and after. */
  private static void report(List<CompactJob.Result> compactions, List<VacuumJob.Result> vacuums) {
    for (String table : List.of("bronze/telemetry", "silver/telemetry", "silver/duplicates")) {
      List<DeltaMaintenance.Compaction> c = compactions.stream().flatMap(r -> r.tables().stream())
          .filter(t -> t.table().equals(table) && t.optimizeCommits() > 0).toList();
      int rewritten = c.stream().mapToInt(DeltaMaintenance.Compaction::filesRewritten).sum();
      int written = c.stream().mapToInt(DeltaMaintenance.Compaction::filesWritten).sum();
      // (the files after include what the stream appended to those partitions meanwhile: late events of old dates)
      LOG.info("{}: {} OPTIMIZE commits over partitions holding {} files; {} files there right after", table,
          c.stream().mapToInt(DeltaMaintenance.Compaction::optimizeCommits).sum(), rewritten, written);
    }
    LOG.info("VACUUM deleted {} replaced data files in all", deleted(vacuums));
    vacuums.stream().flatMap(v -> v.tables().stream()).filter(v -> v.filesDeleted() > 0).forEach(v -> LOG.info(
        "vacuum {}: {} data files on storage -> {}, {} deleted", v.table(), v.filesBefore(), v.filesAfter(), v.filesDeleted()));
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target);
      }
    }
  }

  /**
   * Events of env sensors, parked trucks and turbofans, each device's seqs consecutive, event times up to 36 hours
   * before their ingest time (so over three event dates), and one in 25 re-sent with the next call: still within
   * silver's 3-day late bound then, so it is a duplicate, not a too-old event.
   */
  private static final class Feed {
    private final int devices;
    private final long[] seq;
    private final Random random = new Random(7);
    private final List<Telemetry> resend = new ArrayList<>();
    private long distinct;
    private long copies;

    Feed(int devices) {
      this.devices = devices;
      this.seq = new long[devices];
    }

    synchronized List<Telemetry> next(int n, Instant ingest) {
      List<Telemetry> out = new ArrayList<>(resend);
      copies += resend.size();
      resend.clear();
      for (int i = 0; i < n; i++) {
        int d = random.nextInt(devices);
        long s = ++seq[d];
        long time = ingest.toEpochMilli() - (long) (random.nextDouble() * Duration.ofHours(36).toMillis());
        Telemetry t = switch (d % 3) {
          case 0 -> TestLake.env("env-" + d, s, time, 15 + random.nextInt(10));
          case 1 -> TestLake.truck("truck-" + d, s, time, random.nextInt(90), List.of());
          default -> TestLake.turbofan("fan-" + d, s, time, (int) s);
        };
        out.add(t);
        distinct++;
        if (random.nextInt(25) == 0) resend.add(t);
      }
      return out;
    }

    synchronized long distinct() {
      return distinct;
    }

    synchronized long copies() {
      return copies;
    }
  }
}
