package io.iotlakehouse.bench;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.iotlakehouse.batch.LakeTables;
import io.iotlakehouse.batch.io.BatchSessions;
import io.iotlakehouse.batch.io.ConflictRetry;
import io.iotlakehouse.batch.io.DeltaLogs;
import io.iotlakehouse.batch.io.DeltaMaintenance;
import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.common.event.TelemetryCodec;
import io.iotlakehouse.simulators.EnvSensor;
import io.iotlakehouse.simulators.SimulatedDevice;
import io.iotlakehouse.simulators.Truck;
import io.iotlakehouse.simulators.TurbofanReplay;
import io.iotlakehouse.streaming.io.DeltaTables;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.transform.BronzeTransform;
import io.iotlakehouse.streaming.transform.silver.SilverSchemas;
import io.iotlakehouse.streaming.transform.silver.SilverSettings;
import io.iotlakehouse.streaming.transform.silver.SilverTransform;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Query speed-up from compaction on a realistic small-file table: silver telemetry written as the silver stream writes
 * it (the simulators' events, routed by silver's own transforms, one append per micro-batch, so every batch adds a small
 * file to each event date it touches), then two typical queries timed before compaction, after bin-packing
 * (OPTIMIZE) and, on a file copy of the same table, after Z-ORDER by (device_id, event_time):
 *
 * <ul>
 *   <li>{@code device}: one truck over one hour (what gold's recomputation and a dashboard drill-down read);</li>
 *   <li>{@code scan}: counts and averages per kind over the whole table (a report).</li>
 * </ul>
 *
 * Each query runs {@code runs} times after a warm-up; the median counts. {@code query_speedup} is the sum of the two
 * medians before / after Z-ORDER.
 */
public final class CompactionBench {
  public record Result(long events, int batches, int filesBefore, int filesAfterOptimize, int filesAfterZorder,
      double deviceMsBefore, double deviceMsOptimized, double deviceMsZorder, double scanMsBefore, double scanMsOptimized,
      double scanMsZorder, double optimizeSeconds, double zorderSeconds) {
    public double querySpeedup() {
      return (deviceMsBefore + scanMsBefore) / (deviceMsZorder + scanMsZorder);
    }

    public String toJson() {
      return String.format(Locale.ROOT,
          "{\"bench\":\"compaction\",\"events\":%d,\"batches\":%d,\"files_before\":%d,\"files_after\":%d,"
              + "\"files_after_optimize\":%d,\"query_speedup\":%.2f,\"optimize_speedup\":%.2f,\"device_ms_before\":%.1f,"
              + "\"device_ms_optimized\":%.1f,\"device_ms_zorder\":%.1f,\"scan_ms_before\":%.1f,\"scan_ms_optimized\":%.1f,"
              + "\"scan_ms_zorder\":%.1f,\"optimize_seconds\":%.1f,\"zorder_seconds\":%.1f,\"cores\":%d}",
          events, batches, filesBefore, filesAfterZorder, filesAfterOptimize, querySpeedup(),
          (deviceMsBefore + scanMsBefore) / (deviceMsOptimized + scanMsOptimized), deviceMsBefore, deviceMsOptimized,
          deviceMsZorder, scanMsBefore, scanMsOptimized, scanMsZorder, optimizeSeconds, zorderSeconds,
          Runtime.getRuntime().availableProcessors());
    }
  }

  private final Path work;
  private final PrintStream log;

  public CompactionBench(Path work, PrintStream log) {
    this.work = work;
    this.log = log;
  }

  public Result run(long events, int batches, int runs) throws Exception {
    SparkSession spark = BatchSessions.local("bench-compaction");
    spark.sparkContext().setLogLevel("WARN");
    try {
      Lake small = new Lake(work.resolve("small").toAbsolutePath().toString());
      Lake zordered = new Lake(work.resolve("zorder").toAbsolutePath().toString());
      String table = "silver/telemetry";
      log.printf("writing %,d events as %d silver micro-batches...%n", events, batches);
      Instant end = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
      write(spark, small.root() + "/" + table, events, batches, end);
      copy(Path.of(small.root()), Path.of(zordered.root())); // the same table for the Z-ORDER variant
      String path = small.root() + "/" + table;
      int filesBefore = DeltaLogs.files(spark, path, null).size();
      Query q = new Query(spark, end.minus(Duration.ofHours(30)));
      log.printf("%d files; timing the queries on the small files...%n", filesBefore);
      double[] before = q.time(path, runs);

      DeltaMaintenance m = new DeltaMaintenance(spark, small, new ConflictRetry(3, Duration.ofSeconds(1)));
      LocalDate cutoff = LocalDate.now(ZoneOffset.UTC).plusDays(1);
      long t = System.nanoTime();
      m.compact(LakeTables.get(table), cutoff, false);
      double optimizeSeconds = (System.nanoTime() - t) / 1e9;
      int filesOptimized = DeltaLogs.files(spark, path, null).size();
      double[] optimized = q.time(path, runs);

      String zpath = zordered.root() + "/" + table;
      t = System.nanoTime();
      new DeltaMaintenance(spark, zordered, new ConflictRetry(3, Duration.ofSeconds(1))).compact(LakeTables.get(table), cutoff, true);
      double zorderSeconds = (System.nanoTime() - t) / 1e9;
      int filesZorder = DeltaLogs.files(spark, zpath, null).size();
      double[] zorder = q.time(zpath, runs);
      q.check(path, zpath);
      return new Result(events, batches, filesBefore, filesOptimized, filesZorder, before[0], optimized[0], zorder[0],
          before[1], optimized[1], zorder[1], optimizeSeconds, zorderSeconds);
    } finally {
      spark.stop();
    }
  }

  /** Writes silver as the stream does: {@code batches} appends, each routed by silver's transforms. */
  private void write(SparkSession spark, String path, long events, int batches, Instant end) {
    DeltaTables.ensure(spark, path, SilverSchemas.SILVER, new String[] {"event_date"}, Map.of());
    Traffic traffic = new Traffic(end.minus(Duration.ofHours(48)), Duration.ofHours(48).toMillis() / events);
    long perBatch = Math.max(1, events / batches);
    SilverSettings settings = new SilverSettings(Duration.ofMinutes(5).toMillis(), Duration.ofDays(3).toMillis());
    for (int b = 0; b < batches; b++) {
      List<Row> bronze = traffic.next((int) perBatch);
      Dataset<Row> routed = SilverTransform.route(spark.createDataFrame(bronze, BronzeTransform.SCHEMA), settings, Optional.empty());
      SilverTransform.silver(routed).write().format("delta").mode("append").save(path);
      if ((b + 1) % 25 == 0) log.printf("  %d of %d batches%n", b + 1, batches);
    }
  }

  /** The two timed queries; results are compared across the variants. */
  private record Query(SparkSession spark, Instant hourStart) {
    Dataset<Row> device(String path) {
      return spark.read().format("delta").load(path)
          .where(col("event_date").equalTo(lit(Date.valueOf(hourStart.atZone(ZoneOffset.UTC).toLocalDate())))
              .and(col("device_id").equalTo("truck-42"))
              .and(col("event_time").geq(lit(Timestamp.from(hourStart))))
              .and(col("event_time").lt(lit(Timestamp.from(hourStart.plus(Duration.ofHours(1)))))))
          .agg(count(lit(1)), avg("speed_kmh"), avg("fuel_level_pct"));
    }

    Dataset<Row> scan(String path) {
      return spark.read().format("delta").load(path).groupBy("kind")
          .agg(count(lit(1)), avg("temperature_c"), avg("speed_kmh")).orderBy("kind");
    }

    /** Median milliseconds of {@code device} and {@code scan}, after one warm-up run each. */
    double[] time(String path, int runs) {
      device(path).collectAsList();
      scan(path).collectAsList();
      double[] d = new double[runs];
      double[] s = new double[runs];
      for (int i = 0; i < runs; i++) {
        long t = System.nanoTime();
        device(path).collectAsList();
        d[i] = (System.nanoTime() - t) / 1e6;
        t = System.nanoTime();
        scan(path).collectAsList();
        s[i] = (System.nanoTime() - t) / 1e6;
      }
      return new double[] {median(d), median(s)};
    }

    void check(String a, String b) {
      if (!device(a).collectAsList().equals(device(b).collectAsList()) || !scan(a).collectAsList().equals(scan(b).collectAsList())) {
        throw new IllegalStateException("the compacted and the Z-ordered table answer differently: a bug");
      }
    }
  }

  private static void copy(Path from, Path to) throws java.io.IOException {
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(from)) {
      for (Path p : files.sorted().toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (java.nio.file.Files.isDirectory(p)) java.nio.file.Files.createDirectories(target);
        else java.nio.file.Files.copy(p, target);
      }
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** The simulators' fleet (10 env sensors, 500 trucks, 100 C-MAPSS turbofans, round-robin) as bronze rows. */
  private static final class Traffic {
    private final List<SimulatedDevice> devices = new ArrayList<>();
    private final Map<Integer, List<Payload.Turbofan>> fd001 = TurbofanReplay.fd001();
    private final long[] seq;
    private final TelemetryCodec codec = new TelemetryCodec();
    private final long stepMillis;
    private long time;
    private long i;
    private long offset;

    Traffic(Instant start, long stepMillis) {
      for (int d = 0; d < 10; d++) devices.add(new EnvSensor("env-" + d, d));
      for (int d = 0; d < 500; d++) devices.add(new Truck("truck-" + d, d, 52.5, 13.4));
      for (int u = 1; u <= 100; u++) devices.add(new TurbofanReplay("turbofan-" + u, fd001.get(u), 0));
      this.seq = new long[devices.size()];
      this.time = start.toEpochMilli();
      this.stepMillis = Math.max(1, stepMillis);
    }

    List<Row> next(int n) {
      List<Row> rows = new ArrayList<>(n);
      for (int k = 0; k < n; k++, i++) {
        int d = (int) (i % devices.size());
        SimulatedDevice dev = devices.get(d);
        Payload p = dev.next(time);
        if (p == null) { // an engine's trajectory ended: replay it
          dev = new TurbofanReplay(dev.id(), fd001.get(d - 509), 0);
          devices.set(d, dev);
          p = dev.next(time);
        }
        Telemetry t = new Telemetry(dev.id(), ++seq[d], time, p);
        rows.add(RowFactory.create(dev.id(), codec.encodeAvro(t), "iot-telemetry", d % 4, ++offset,
            new Timestamp(time), new Timestamp(time + 1000), Date.valueOf(Instant.ofEpochMilli(time).atZone(ZoneOffset.UTC).toLocalDate())));
        time += stepMillis;
      }
      return rows;
    }
  }
}
