package io.iotlakehouse.batch.job;

import static io.iotlakehouse.batch.TestLake.appendBronze;
import static io.iotlakehouse.batch.TestLake.bronze;
import static io.iotlakehouse.batch.TestLake.spark;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.batch.TestLake;
import io.iotlakehouse.batch.io.DeltaLogs;
import io.iotlakehouse.streaming.io.VersionPins;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.job.SilverJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unsafe VACUUM retentions are refused on real tables, before any file is deleted: a stream whose checkpoint still
 * needs an old version (here the silver stream, stopped for 10 days), a pinned training version 20 days old, and a
 * safety margin shorter than two trigger intervals.
 */
class VacuumJobTest {
  @TempDir Path dir;

  @Test
  void unsafeRetentionIsRefusedAndNothingIsDeleted() throws Exception {
    Path root = dir.resolve("lake");
    Config config = TestLake.config(root, "batch.vacuum.tables=bronze/telemetry,silver/telemetry");
    SilverJob.Paths paths = SilverJob.Paths.from(config);
    TestLake.ensureBronze(paths.bronze(), Map.of());
    Instant now = Instant.now();
    appendBronze(paths.bronze(), bronze(List.of(TestLake.env("env-1", 1, now.toEpochMilli(), 20)), now));
    StreamingQuery q = SilverJob.start(spark(), config, Trigger.AvailableNow());
    q.awaitTermination();
    // bronze receives more while silver is stopped; silver's next batch starts at that version, committed 10 days ago
    appendBronze(paths.bronze(), bronze(List.of(TestLake.env("env-1", 2, now.toEpochMilli(), 21)), now));
    // (a stream that finished an initial snapshot may still name that snapshot's version: both are 10 days old)
    long unread = DeltaLogs.latestVersion(spark(), paths.bronze());
    age(paths.bronze(), unread - 1, Duration.ofDays(10));
    age(paths.bronze(), unread, Duration.ofDays(10));
    // a training run pinned silver's first version, committed 20 days ago
    new VersionPins(spark(), Lake.from(config)).pin("silver/telemetry", 0, "retrain-2026-10", "monthly retrain");
    age(paths.silver(), 0, Duration.ofDays(20));
    long files = dataFiles(root);

    assertThatThrownBy(() -> VacuumJob.run(spark(), config)).isInstanceOf(LakehouseException.class)
        .hasMessageContaining("VACUUM with retention 7d refused for 2 of 2 tables; nothing was deleted")
        .hasMessageContaining("stream silver-telemetry still needs version ")
        .hasMessageContaining(", committed 10d ago")
        .hasMessageContaining("pin by retrain-2026-10 (monthly retrain) still needs version 0, committed 20d ago")
        .hasMessageContaining("use --conf batch.vacuum.retention=242h or more")
        .hasMessageContaining("use --conf batch.vacuum.retention=482h or more");
    assertThat(dataFiles(root)).isEqualTo(files);

    Config below = TestLake.config(root, "batch.vacuum.tables=bronze/telemetry", "batch.vacuum.retention=3d");
    assertThatThrownBy(() -> VacuumJob.run(spark(), below)).isInstanceOf(LakehouseException.class)
        .hasMessageContaining("below the table's delta.deletedFileRetentionDuration of 7d");

    Config margin = TestLake.config(root, "batch.vacuum.retention=30d", "batch.vacuum.safety-margin=50s");
    assertThatThrownBy(() -> VacuumJob.run(spark(), margin)).isInstanceOf(LakehouseException.class)
        .hasMessageContaining("batch.vacuum.safety-margin 50s is less than two of the longest streaming trigger interval (30s)");

    Config safe = TestLake.config(root, "batch.vacuum.tables=bronze/telemetry,silver/telemetry", "batch.vacuum.retention=21d");
    VacuumJob.Result r = VacuumJob.run(spark(), safe);
    assertThat(r.tables()).extracting(DeltaMaintenanceView::of).containsExactly(
        "bronze/telemetry minimum 242h set by stream silver-telemetry",
        "silver/telemetry minimum 482h set by pin by retrain-2026-10");
    assertThat(spark().conf().contains(VacuumJob.LISTING_PARALLELISM))
        .as("the listing parallelism applies to the VACUUM only, the session's setting is left as it was").isFalse();
  }

  /** Makes {@code version} of the table look committed {@code ago} (Delta's commit time is the commit file's). */
  private static void age(String table, long version, Duration ago) throws IOException {
    Files.setLastModifiedTime(Path.of(table, "_delta_log", String.format("%020d.json", version)),
        FileTime.from(Instant.now().minus(ago)));
  }

  private static long dataFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log")).count();
    }
  }

  private static final class DeltaMaintenanceView {
    static String of(io.iotlakehouse.batch.io.DeltaMaintenance.Vacuum v) {
      return v.table() + " minimum " + v.minimum() + " set by " + v.bindingConstraint().replaceAll(" \\(.*", "");
    }
  }
}
