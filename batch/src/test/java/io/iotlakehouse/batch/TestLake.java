package io.iotlakehouse.batch;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import io.iotlakehouse.batch.io.BatchSessions;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.common.event.TelemetryCodec;
import io.iotlakehouse.streaming.io.DeltaTables;
import io.iotlakehouse.streaming.io.SparkSessions;
import io.iotlakehouse.streaming.transform.BronzeTransform;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** One Spark session for the module's tests, lakes under a temp folder, generated events and bronze rows. */
public final class TestLake {
  private TestLake() {}

  private static SparkSession spark;
  private static final AtomicInteger CATALOGS = new AtomicInteger();
  private static final AtomicLong OFFSETS = new AtomicLong();
  private static final TelemetryCodec CODEC = new TelemetryCodec();

  /**
   * The session every test of this JVM shares (Delta and Iceberg extensions, local[2]). FAIR scheduling between pools:
   * a test that runs maintenance beside a stream gives each its pool ({@code spark.scheduler.pool}), as separate
   * applications would have their own executors; within a pool, and for single-threaded tests, jobs run FIFO as usual.
   */
  public static synchronized SparkSession spark() {
    if (spark == null) {
      spark = SparkSessions.create("batch-tests", "local[2]",
          Map.of("spark.sql.extensions", BatchSessions.EXTENSIONS, "spark.scheduler.mode", "FAIR"));
      spark.sparkContext().setLogLevel("WARN");
      spark.conf().set("spark.databricks.delta.snapshotPartitions", "2");
    }
    return spark;
  }

  /**
   * A config for a lake at {@code root}, with an Iceberg catalog name of its own (a session keeps a catalog's first
   * settings, and each test's warehouse is elsewhere).
   */
  public static Config config(Path root, String... overrides) {
    List<String> o = new ArrayList<>(List.of("lake.root=" + root, "lakehouse.work-dir=" + root.resolve("work"),
        "batch.iceberg.catalog=test" + CATALOGS.incrementAndGet()));
    o.addAll(Arrays.asList(overrides));
    return Config.load(BatchKeys.jobKeys(), null, o);
  }

  public static Telemetry env(String id, long seq, long time, double temperature) {
    return new Telemetry(id, seq, time, new Payload.Env(temperature, 40 + seq % 7));
  }

  /** A parked truck (always the same fix, so the GPS rule never depends on batch boundaries). */
  public static Telemetry truck(String id, long seq, long time, double speed, List<String> faults) {
    return new Telemetry(id, seq, time, new Payload.Truck(52.52, 13.40, speed, 1500 + seq % 100, 88.5, 340, 60, faults));
  }

  public static Telemetry turbofan(String id, long seq, long time, int cycle) {
    List<Double> sensors = new ArrayList<>();
    for (int i = 1; i <= 21; i++) sensors.add(500.0 + i + cycle / 10.0);
    return new Telemetry(id, seq, time, new Payload.Turbofan(1, cycle, List.of(-0.0007, -0.0004, 100.0), sensors));
  }

  /** Bronze rows (Avro values, as the gateway writes) of {@code events}, ingested at {@code ingest}. */
  public static List<Row> bronze(List<Telemetry> events, Instant ingest) {
    List<Row> rows = new ArrayList<>();
    for (Telemetry t : events) {
      rows.add(RowFactory.create(t.deviceId(), CODEC.encodeAvro(t), "iot-telemetry", 0, OFFSETS.incrementAndGet(),
          new Timestamp(ingest.toEpochMilli() - 10), Timestamp.from(ingest),
          Date.valueOf(ingest.atZone(ZoneOffset.UTC).toLocalDate())));
    }
    return rows;
  }

  /** Creates the bronze table (partitioned by ingest_date) with {@code properties} when it does not exist. */
  public static void ensureBronze(String path, Map<String, String> properties) {
    DeltaTables.ensure(spark(), path, BronzeTransform.SCHEMA, new String[] {"ingest_date"}, properties);
  }

  public static void appendBronze(String path, List<Row> rows) {
    spark().createDataFrame(rows, BronzeTransform.SCHEMA).coalesce(1).write().format("delta").mode("append").save(path);
  }

  public static Dataset<Row> delta(String path) {
    return spark().read().format("delta").load(path);
  }

  /** Columns of silver telemetry that carry an event's identity and values (not where or when it was ingested). */
  public static final List<String> EVENT_COLUMNS = List.of("device_id", "seq", "event_time", "kind", "temperature_c",
      "humidity_pct", "lat", "lon", "speed_kmh", "engine_rpm", "engine_temp_c", "oil_pressure_kpa", "fuel_level_pct",
      "fault_codes", "unit", "cycle", "settings", "sensors");

  /** Row count and the sum of a 64-bit hash of {@code columns} of every row: equal content gives equal checksums. */
  public static Row checksum(Dataset<Row> rows, List<String> columns) {
    Column[] cols = columns.stream().map(c -> col(c)).toArray(Column[]::new);
    Row r = rows.agg(count(lit(1)), sum(xxhash64(cols).cast("decimal(38,0)"))).first();
    return RowFactory.create(r.getLong(0), r.isNullAt(1) ? java.math.BigDecimal.ZERO : r.getDecimal(1));
  }
}
