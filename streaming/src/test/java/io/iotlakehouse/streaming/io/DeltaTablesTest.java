package io.iotlakehouse.streaming.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
}
