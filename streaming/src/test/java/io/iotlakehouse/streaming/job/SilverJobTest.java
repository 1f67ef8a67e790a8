package io.iotlakehouse.streaming.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.common.event.TelemetryCodec;
import io.iotlakehouse.streaming.io.DeltaTables;
import io.iotlakehouse.streaming.io.DeviceRegistry;
import io.iotlakehouse.streaming.io.ReferenceTables;
import io.iotlakehouse.streaming.io.SparkSessions;
import io.iotlakehouse.streaming.transform.BronzeTransform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * SilverJob end to end on a bronze Delta table written by the test (no Kafka): first run, restart, replay of a batch
 * whose Delta commits happened but whose checkpoint commit did not, and a running query that sees new bronze rows and
 * registry updates batch after batch. The tests share one lake and run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SilverJobTest {
  static final long T = Instant.parse("2026-11-23T12:00:00Z").toEpochMilli();
  static final TelemetryCodec CODEC = new TelemetryCodec();
  @TempDir static Path work;
  static SparkSession spark;
  static Config config;
  static SilverJob.Paths paths;
  static long nextOffset;

  @BeforeAll
  static void start() {
    spark = SparkSessions.create("silver-job-test", "local[2]");
    config = Config.load(SilverJob.keys(), null, List.of("lake.root=" + work.resolve("lake"),
        "streaming.silver.late-bound=1h", "streaming.silver.future-skew=1m"));
    paths = SilverJob.Paths.from(config);
    DeltaTables.ensure(spark, paths.bronze(), BronzeTransform.SCHEMA, new String[] {"ingest_date"}, BronzeJob.TABLE_PROPERTIES);
    register("env-001", "truck-0001", "turbofan-001");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  @Order(1)
  void aFirstRunRoutesEveryBronzeRowToExactlyOneTable() throws Exception {
    List<Row> rows = new ArrayList<>();
    for (int s = 1; s <= 5; s++) rows.add(row(env("env-001", s, T - 300_000 + s * 1000), s % 2 == 0));
    rows.add(row(truck("truck-0001", 1, T - 200_000, 52.5200, 13.4050), true));
    rows.add(row(truck("truck-0001", 2, T - 190_000, 52.5203, 13.4053), false));
    rows.add(row(truck("truck-0001", 3, T - 180_000, 52.5206, 13.4056), true));
    rows.add(row(turbofan("turbofan-001", 1, T - 100_000), true));
    rows.add(row(turbofan("turbofan-001", 2, T - 99_000), false));
    rows.add(row(env("env-001", 2, T - 300_000 + 2000), true)); // a re-delivery of seq 2
    rows.add(row(new Telemetry("env-001", 6, T - 1000, new Payload.Env(Double.NaN, 50)), true));
    rows.add(bronze("env-001", "not telemetry".getBytes(StandardCharsets.UTF_8), T));
    rows.add(row(env("env-777", 1, T - 1000), false));
    appendBronze(rows);

    runAvailableNow();

    Tables t = tables().reconciled();
    assertThat(t.silverKeys()).containsExactlyInAnyOrder("env-001#1", "env-001#2", "env-001#3", "env-001#4", "env-001#5",
        "truck-0001#1", "truck-0001#2", "truck-0001#3", "turbofan-001#1", "turbofan-001#2");
    assertThat(t.quarantined()).containsExactlyInAnyOrder(
        tuple("not_finite", "env-001", 6L), tuple("decode.unknown_format", null, null), tuple("unknown_device", "env-777", 1L));
    assertThat(t.duplicateKeys()).containsExactly("env-001#2");
    // each table's commit records the batch's split
    assertThat(lastCommit(paths.silver())).contains("{\\\"batch\\\":0,\\\"silver\\\":10,\\\"quarantine\\\":3,\\\"duplicate\\\":1}");
    assertThat(lastCommit(paths.quarantine())).contains("\\\"silver\\\":10,\\\"quarantine\\\":3");
    // silver is partitioned by event date
    try (Stream<Path> dirs = Files.list(Path.of(paths.silver()))) {
      assertThat(dirs.map(d -> d.getFileName().toString())).containsExactlyInAnyOrder("_delta_log", "event_date=2026-11-23");
    }
  }

  @Test
  @Order(2)
  void aRestartWithoutNewBronzeRowsWritesNothing() throws Exception {
    Map<String, Long> versions = versions();
    runAvailableNow();
    assertThat(versions()).isEqualTo(versions);
    assertThat(tables().reconciled().silverKeys()).hasSize(10);
  }

  @Test
  @Order(3)
  void aBatchReplayedAfterItsDeltaCommitsIsSkippedByEveryTable() throws Exception {
    // the process died after the three Delta appends but before the checkpoint's commit file was written
    Path commits = Path.of(paths.checkpoint(), "commits");
    Path last;
    try (Stream<Path> files = Files.list(commits)) {
      last = files.filter(p -> p.getFileName().toString().matches("\\d+"))
          .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString()))).orElseThrow();
    }
    Files.delete(last);
    Files.deleteIfExists(commits.resolve("." + last.getFileName() + ".crc"));
    Map<String, Long> versions = versions();

    runAvailableNow();

    assertThat(Files.exists(last)).as("the batch was run again").isTrue();
    assertThat(versions()).as("and every table skipped it").isEqualTo(versions);
    Tables t = tables().reconciled();
    assertThat(t.silverKeys()).hasSize(10);
    assertThat(t.duplicateKeys()).hasSize(1);
  }

  @Test
  @Order(4)
  void aRunningQueryDedupesAcrossBatchesChecksGpsAgainstStateAndSeesRegistryUpdates() throws Exception {
    StreamingQuery q = SilverJob.start(spark, config, Trigger.ProcessingTime(100));
    try {
      appendBronze(List.of(
          row(env("env-001", 2, T - 300_000 + 2000), false), // a copy of a seq judged two runs ago
          row(env("env-001", 6, T + 5000), true), // seq 6 was quarantined (NaN): this good one is new
          row(truck("truck-0001", 4, T - 170_000, 48.1372, 11.5756), true), // 500 km from the fix of run 1
          row(env("env-002", 1, T + 6000), true))); // not registered yet
      q.processAllAvailable();
      Tables t = tables().reconciled();
      assertThat(t.silverKeys()).contains("env-001#6").doesNotContain("truck-0001#4", "env-002#1");
      assertThat(t.duplicateKeys()).containsExactlyInAnyOrder("env-001#2", "env-001#2");
      assertThat(t.quarantined()).contains(tuple("gps_jump", "truck-0001", 4L), tuple("unknown_device", "env-002", 1L));

      register("env-002");
      // a bronze job whose clock went back two hours: its event passes event_time_too_old (1h) against that ingest
      // time, but silver's watermark (latest accepted event_time - 1h 1m) is already past it
      long backwards = T - 2 * 3_600_000L;
      appendBronze(List.of(
          row(env("env-002", 2, T + 7000), true),
          bronze("env-001", CODEC.encodeAvro(env("env-001", 7, backwards - 30 * 60_000)), backwards)));
      q.processAllAvailable();
      t = tables().reconciled();
      assertThat(t.silverKeys()).as("registered while running").contains("env-002#2");
      assertThat(t.quarantined()).contains(tuple("late_event", "env-001", 7L));
      assertThat(t.quarantine().stream().filter(r -> "late_event".equals(r.getString(0))).findFirst().orElseThrow()
          .<String>getAs("reason")).contains("behind silver's watermark 2026-11-23T10:59:05Z");
    } finally {
      q.stop();
    }
    assertThat(q.exception().isEmpty()).isTrue();
  }

  @Test
  @Order(5)
  void aRegistryTableWithoutDeviceIdIsRefusedWithAFix() {
    String path = work.resolve("bad-registry").toString();
    spark.createDataFrame(List.of(RowFactory.create("env-001")), new StructType().add("id", DataTypes.StringType))
        .write().format("delta").save(path);
    assertThatThrownBy(() -> DeviceRegistry.load(spark, path))
        .isInstanceOf(LakehouseException.class)
        .hasMessageStartingWith("Device registry table " + path + " has no string column device_id: silver checks every "
            + "event's device_id against that column (its columns are struct<id:string>). How to fix: add a string column "
            + "device_id to the table, or point streaming.silver.device-registry-path at the right table");
    assertThat(DeviceRegistry.load(spark, work.resolve("no-such-table").toString())).isEmpty();
  }

  @Test
  @Order(6)
  void aRunningQueryAcceptsSchemaV2MidStreamAndEnrichesAsOfEventTime() throws Exception {
    StreamingQuery q = SilverJob.start(spark, config, Trigger.ProcessingTime(100));
    try {
      appendBronze(List.of(bronze("env-001", CODEC.encodeAvro(env("env-001", 8, T + 8000), 1), T)));
      q.processAllAvailable();

      // while it runs: the device gets a site (a registry row valid from T) and is moved at T + 10 s; weather for the
      // hour is written twice (the newer row wins); then the device's firmware moves to schema v2
      long hour = T - T % 3_600_000L;
      appendRegistry(List.of(
          RowFactory.create("env-001", "env", "plant-berlin", "EnvSense T200", Date.valueOf("2024-03-01"), new Timestamp(T)),
          RowFactory.create("env-001", "env", "plant-munich", "EnvSense T200", Date.valueOf("2024-03-01"), new Timestamp(T + 10_000))));
      ReferenceTables.appendWeather(spark, paths.weather(), List.of(
          new ReferenceTables.Weather("plant-berlin", Instant.ofEpochMilli(hour), 3.5, "snow", Instant.ofEpochMilli(T)),
          new ReferenceTables.Weather("plant-berlin", Instant.ofEpochMilli(hour), 4.0, "rain", Instant.ofEpochMilli(T + 1))));
      Telemetry v2 = new Telemetry("env-001", 9, T + 9000, new Payload.Env(21, 45), "2.4.1");
      Telemetry moved = new Telemetry("env-001", 10, T + 10_500, new Payload.Env(21, 45), "2.4.1");
      Telemetry beforeMove = new Telemetry("env-001", 11, T + 9500, new Payload.Env(21, 45), "2.4.1");
      appendBronze(List.of(row(v2, true), row(moved, true), row(beforeMove, false)));
      q.processAllAvailable();
    } finally {
      q.stop();
    }
    assertThat(q.exception().isEmpty()).isTrue();
    tables().reconciled();
    List<Row> rows = spark.read().format("delta").load(paths.silver()).where("device_id = 'env-001' and seq >= 8")
        .orderBy("seq").select("seq", "format", "schema_version", "firmware_version", "site", "model", "weather_temp_c",
            "weather_condition").collectAsList();
    assertThat(rows).extracting(Row::toString).containsExactly(
        "[8,avro,1,null,null,null,null,null]", // v1, and processed before the registry knew the site
        "[9,avro,2,2.4.1,plant-berlin,EnvSense T200,4.0,rain]",
        "[10,avro,2,2.4.1,plant-munich,EnvSense T200,null,null]", // moved; no weather rows for munich
        "[11,json,1,2.4.1,plant-berlin,EnvSense T200,4.0,rain]"); // arrived after the move, measured before it
  }

  @Test
  @Order(7)
  void aTableWrittenByAnOlderReleaseGainsTheNewNullableColumns() {
    String path = work.resolve("old-silver").toString();
    StructType old = new StructType().add("device_id", DataTypes.StringType, false).add("seq", DataTypes.LongType, false);
    spark.createDataFrame(List.of(RowFactory.create("env-001", 1L)), old).write().format("delta").save(path);
    StructType now = old.add("firmware_version", DataTypes.StringType, true, "added in v2").add("site", DataTypes.StringType);

    DeltaTables.ensure(spark, path, now, new String[0], Map.of());

    assertThat(spark.read().format("delta").load(path).collectAsList()).extracting(Row::toString)
        .containsExactly("[env-001,1,null,null]");
    assertThatThrownBy(() -> DeltaTables.ensure(spark, path, now.add("must", DataTypes.IntegerType, false), new String[0], Map.of()))
        .isInstanceOf(LakehouseException.class).hasMessageContaining("lacks the required column must");
  }

  // ---------------------------------------------------------------------------------------------------------------

  static void runAvailableNow() throws Exception {
    StreamingQuery q = SilverJob.start(spark, config, Trigger.AvailableNow());
    q.awaitTermination();
    assertThat(q.exception().isEmpty()).as("query failed: %s", q.exception()).isTrue();
  }

  /** The three tables' rows that the assertions need, read once. */
  record Tables(long bronze, List<Row> silver, List<Row> quarantine, List<Row> duplicates) {
    List<String> silverKeys() {
      return silver.stream().map(r -> r.getString(0) + "#" + r.getLong(1)).collect(Collectors.toList());
    }

    List<String> duplicateKeys() {
      return duplicates.stream().map(r -> r.getString(0) + "#" + r.getLong(1)).collect(Collectors.toList());
    }

    List<org.assertj.core.groups.Tuple> quarantined() {
      return quarantine.stream()
          .map(r -> tuple(r.getString(0), r.isNullAt(1) ? null : r.getString(1), r.isNullAt(2) ? null : r.getLong(2)))
          .collect(Collectors.toList());
    }

    /** bronze = silver + quarantine + duplicates, every bronze offset in exactly one table, (device_id, seq) unique. */
    Tables reconciled() {
      assertThat((long) silver.size() + quarantine.size() + duplicates.size())
          .as("bronze = silver + quarantine + duplicates").isEqualTo(bronze);
      List<String> offsets = new ArrayList<>();
      for (List<Row> table : List.of(silver, quarantine, duplicates)) {
        for (Row r : table) offsets.add(r.getAs("topic") + "/" + r.getAs("partition") + "/" + r.getAs("offset"));
      }
      assertThat(offsets).as("every bronze offset in exactly one table").doesNotHaveDuplicates().hasSize((int) bronze);
      assertThat(silverKeys()).as("(device_id, seq) unique in silver").doesNotHaveDuplicates();
      return this;
    }
  }

  static Tables tables() {
    return new Tables(
        spark.read().format("delta").load(paths.bronze()).count(),
        spark.read().format("delta").load(paths.silver()).select("device_id", "seq", "topic", "partition", "offset").collectAsList(),
        spark.read().format("delta").load(paths.quarantine()).select("rule_id", "device_id", "seq", "topic", "partition", "offset", "reason")
            .collectAsList(),
        spark.read().format("delta").load(paths.duplicates()).select("device_id", "seq", "topic", "partition", "offset").collectAsList());
  }

  /** Latest Delta version of each silver table, from the log directory. */
  static Map<String, Long> versions() {
    return Map.of("silver", version(paths.silver()), "quarantine", version(paths.quarantine()), "duplicates", version(paths.duplicates()));
  }

  static long version(String table) {
    try (Stream<Path> files = Files.list(Path.of(table, "_delta_log"))) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("\\d{20}\\.json"))
          .mapToLong(n -> Long.parseLong(n.substring(0, 20))).max().orElseThrow();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String lastCommit(String table) throws java.io.IOException {
    return Files.readString(Path.of(table, "_delta_log", String.format("%020d.json", version(table))));
  }

  static void register(String... deviceIds) {
    List<Row> rows = new ArrayList<>();
    for (String id : deviceIds) rows.add(RowFactory.create(id, "test"));
    spark.createDataFrame(rows, new StructType().add("device_id", DataTypes.StringType).add("owner", DataTypes.StringType))
        .write().format("delta").mode("append").save(paths.registry());
  }

  /** Appends effective-dated registry rows; the test's registry table gains those columns on first use. */
  static void appendRegistry(List<Row> rows) {
    spark.createDataFrame(rows, ReferenceTables.DEVICES).write().format("delta").mode("append")
        .option("mergeSchema", "true").save(paths.registry());
  }

  static void appendBronze(List<Row> rows) {
    spark.createDataFrame(rows, BronzeTransform.SCHEMA).write().format("delta").mode("append").save(paths.bronze());
  }

  static Row row(Telemetry t, boolean avro) {
    return bronze(t.deviceId(), avro ? CODEC.encodeAvro(t) : CODEC.encodeJson(t), T);
  }

  static Row bronze(String key, byte[] value, long ingest) {
    long offset = nextOffset++;
    return RowFactory.create(key, value, "iot-telemetry", (int) (offset % 4), offset, new Timestamp(ingest - 5),
        new Timestamp(ingest), Date.valueOf(Instant.ofEpochMilli(ingest).atZone(ZoneOffset.UTC).toLocalDate()));
  }

  static Telemetry env(String id, long seq, long time) {
    return new Telemetry(id, seq, time, new Payload.Env(20 + seq / 10.0, 45));
  }

  static Telemetry truck(String id, long seq, long time, double lat, double lon) {
    return new Telemetry(id, seq, time, new Payload.Truck(lat, lon, 60, 1600, 88, 330, 70, List.of()));
  }

  static Telemetry turbofan(String id, long seq, long time) {
    List<Double> sensors = new ArrayList<>();
    for (int i = 0; i < 21; i++) sensors.add(600.0 + i);
    return new Telemetry(id, seq, time, new Payload.Turbofan(1, (int) seq, List.of(0.001, 0.0002, 100.0), sensors));
  }
}
