package io.iotlakehouse.training.retrain;

import io.iotlakehouse.streaming.transform.gold.GoldSchemas;
import io.iotlakehouse.training.features.CycleRecord;
import io.iotlakehouse.training.features.EngineSeries;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** A local Spark session for the tests and gold turbofan_health tables written with the gold job's schema. */
final class GoldFixture {
  private static SparkSession spark;

  private GoldFixture() {}

  static synchronized SparkSession spark() {
    if (spark == null) {
      spark = SparkSession.builder().master("local[2]").appName("ml-training-test")
          .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
          .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
          .config("spark.sql.session.timeZone", "UTC")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.ui.enabled", "false")
          .getOrCreate();
    }
    return spark;
  }

  /** One simulated turbofan: a device replaying an engine, cycle i at {@code start + i} seconds. */
  record Device(String deviceId, EngineSeries engine, Instant start) {}

  /** Appends the devices' cycles to the Delta table at {@code path} (created with the gold schema if absent). */
  static void append(String path, List<Device> devices) {
    StructType schema = GoldSchemas.TURBOFAN_HEALTH;
    int rolling = schema.fields().length - 10;
    List<Row> rows = new ArrayList<>();
    for (Device d : devices) {
      long cyclesSoFar = 0;
      for (CycleRecord r : d.engine().cycles()) {
        cyclesSoFar++;
        List<Object> values = new ArrayList<>(List.of(d.deviceId(), r.unit(), r.cycle(), (long) r.cycle(),
            Timestamp.from(d.start().plusSeconds(r.cycle())), "hangar-1", boxed(r.settings()), boxed(r.sensors()),
            cyclesSoFar, (int) Math.min(30, cyclesSoFar)));
        for (int i = 0; i < rolling; i++) {
          values.add(0.0); // the table's own rolling statistics: the retrain does not read them
        }
        rows.add(RowFactory.create(values.toArray()));
      }
    }
    spark().createDataFrame(rows, schema).write().format("delta").mode("append").save(path);
  }

  /** Creates an empty table with the gold schema. */
  static void createEmpty(String path) {
    spark().createDataFrame(List.of(), GoldSchemas.TURBOFAN_HEALTH).write().format("delta").save(path);
  }

  private static List<Double> boxed(double[] values) {
    return Arrays.stream(values).boxed().toList();
  }
}
