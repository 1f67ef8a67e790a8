package io.iotlakehouse.streaming.job;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.streaming.io.DeltaTables;
import io.iotlakehouse.streaming.io.SparkSessions;
import io.iotlakehouse.streaming.transform.gold.GoldFixtures;
import io.iotlakehouse.streaming.transform.silver.SilverSchemas;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/** A lake with a silver table written by the test, and GoldJob runs over it. */
record GoldLake(SparkSession spark, Config config, GoldJob.Paths paths) {

  static SparkSession session(String name) {
    SparkSession spark = SparkSessions.create(name, "local[2]");
    // the test's own table set-up and reads (the gold query sets this for its batches itself)
    spark.conf().set("spark.databricks.delta.snapshotPartitions", "2");
    return spark;
  }

  static GoldLake create(SparkSession spark, Path root, String... overrides) {
    List<String> o = new ArrayList<>(List.of("lake.root=" + root));
    o.addAll(List.of(overrides));
    Config config = Config.load(GoldJob.keys(), null, o);
    GoldJob.Paths paths = GoldJob.Paths.from(config);
    DeltaTables.ensure(spark, paths.silver(), SilverSchemas.SILVER, new String[] {"event_date"}, SilverJob.SILVER_PROPERTIES);
    return new GoldLake(spark, config, paths);
  }

  static long at(String hhmmss) {
    return Instant.parse("2026-11-23T" + hhmmss + "Z").toEpochMilli();
  }

  void appendSilver(List<Row> rows) {
    GoldFixtures.frame(spark, rows).write().format("delta").mode("append").save(paths.silver());
  }

  void runAvailableNow() throws Exception {
    StreamingQuery q = GoldJob.start(spark, config, Trigger.AvailableNow());
    q.awaitTermination();
    assertThat(q.exception().isEmpty()).as("query failed: %s", q.exception()).isTrue();
  }

  /** Path of the gold table {@code name}. */
  String gold(String name) {
    return paths.silver().replace("silver/telemetry", "gold/" + name);
  }

  List<Row> rows(String path) {
    return spark.read().format("delta").load(path).collectAsList();
  }

  List<Row> rows(String path, long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(path).collectAsList();
  }

  List<Row> progress() {
    return spark.read().format("delta").load(paths.gold().progress()).orderBy("batch_id").collectAsList();
  }

  /** The _progress columns that must not depend on interruptions (not the generation or the wall clock). */
  List<List<Object>> progressFacts() {
    List<List<Object>> out = new ArrayList<>();
    for (Row r : progress()) {
      List<Object> f = new ArrayList<>();
      for (String c : List.of("batch_id", "silver_version", "rows", "late_rows", "late_rows_total", "partial_rows",
          "batch_max_event_time", "max_event_time", "watermark", "allowed_lateness_ms")) {
        f.add(r.getAs(c));
      }
      out.add(f);
    }
    return out;
  }

  long version(String table) {
    return DeltaTable.forPath(spark, table).history(1).first().<Long>getAs("version");
  }

  /** Commits of {@code table} made by gold batch {@code batch} (their userMetadata). */
  List<Row> historyOfBatch(String table, long batch) {
    Dataset<Row> h = DeltaTable.forPath(spark, table).history();
    return h.where(col("userMetadata").startsWith("{\"batch\":" + batch + ",")).collectAsList();
  }

  /** The table's version right after gold batch {@code batch} last wrote it. */
  long versionOfBatch(String table, long batch) {
    return historyOfBatch(table, batch).stream().mapToLong(r -> r.<Long>getAs("version")).max().orElseThrow();
  }

  Map<String, Long> versions() {
    Map<String, Long> out = new HashMap<>();
    for (String t : paths.gold().all()) out.put(t, version(t));
    return out;
  }
}
