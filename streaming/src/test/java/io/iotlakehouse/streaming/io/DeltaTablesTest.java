package io.iotlakehouse.streaming.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeltaTablesTest {
  @TempDir static Path work;
  static SparkSession spark;

  private static final StructType SCHEMA = new StructType().add("device_id", DataTypes.StringType).add("seq", DataTypes.LongType);

  @BeforeAll
  static void start() {
    spark = SparkSessions.create("delta-tables-test", "local[2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Jobs starting together create the same table at once (bronze and silver both create bronze): both must go on. */
  @Test
  void twoWritersCreatingTheSameTableAtOnceBothSucceed() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 4; round++) {
        String path = work.resolve("t" + round).toString();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
          writers.add(pool.submit(() -> {
            go.await();
            DeltaTables.ensure(spark, path, SCHEMA, new String[0], Map.of("delta.appendOnly", "true"));
            return null;
          }));
        }
        go.countDown();
        for (Future<?> f : writers) f.get(2, TimeUnit.MINUTES);
        assertThat(DeltaTable.isDeltaTable(spark, path)).isTrue();
        assertThat(spark.read().format("delta").load(path).schema().fieldNames()).containsExactly("device_id", "seq");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** A writer that died between making `_delta_log` and commit 0 (kill -9, full disk) must not block the table forever. */
  @Test
  void aLogFolderAbandonedBeforeItsFirstCommitIsRemovedAndTheTableCreated() throws Exception {
    Path path = work.resolve("abandoned-log");
    Files.createDirectories(path.resolve("_delta_log"));
    Files.writeString(path.resolve("_delta_log/.00000000000000000000.json.5e1f.tmp"), "half a commit");
    DeltaTables.ensure(spark, path.toString(), SCHEMA, new String[0], Map.of(), Duration.ofSeconds(1));
    assertThat(spark.read().format("delta").load(path.toString()).schema().fieldNames()).containsExactly("device_id", "seq");
  }

  /**
   * Another JVM creating the table has made its `_delta_log` folder but not yet written commit 0 (seen in
   * `chaos disk-full`: silver, starting beside bronze, failed with DELTA_TABLE_NOT_FOUND on bronze): wait for it, keep it.
   */
  @Test
  void aLogFolderWhoseFirstCommitIsComingIsWaitedFor() throws Exception {
    Path path = work.resolve("log-in-the-making");
    Files.createDirectories(path.resolve("_delta_log"));
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      Future<?> writer = other.submit(() -> {
        Thread.sleep(1500);
        spark.createDataFrame(List.of(RowFactory.create("d1", 1L)), SCHEMA).write().format("delta").mode("append")
            .save(path.toString());
        return null;
      });
      DeltaTables.ensure(spark, path.toString(), SCHEMA, new String[0], Map.of(), Duration.ofMinutes(2));
      writer.get(1, TimeUnit.MINUTES);
    } finally {
      other.shutdownNow();
    }
    assertThat(spark.read().format("delta").load(path.toString()).count()).isEqualTo(1);
  }
}
