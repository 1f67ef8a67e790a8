package io.iotlakehouse.notebooks;

import static org.apache.spark.sql.functions.current_timestamp;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.common.event.TelemetryCodec;
import io.iotlakehouse.simulators.EnvSensor;
import io.iotlakehouse.simulators.TurbofanReplay;
import io.iotlakehouse.streaming.io.DeltaTables;
import io.iotlakehouse.streaming.io.IdempotentDeltaAppend;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.job.GoldJob;
import io.iotlakehouse.streaming.job.SilverJob;
import io.iotlakehouse.streaming.transform.BronzeTransform;
import io.iotlakehouse.training.retrain.EngineRows;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A small lake written by the platform's own code: simulated events encoded by the codec, landed in bronze through
 * {@link BronzeTransform} and the bronze job's idempotent append (Kafka-shaped rows, no broker) into a bronze table
 * created with the bronze schema and partitioning, then the real {@link SilverJob} and {@link GoldJob}
 * (available-now runs).
 *
 * <p>Devices: {@value #ENV_SENSORS} environmental sensors at one reading a minute for {@value #ENV_MINUTES} minutes,
 * and C-MAPSS FD001 turbofans at one cycle a minute: engines that ran to failure hours ago (at least
 * {@value #HOLDOUT_ENGINES} of them in the retrain's holdout) and one still running.
 */
final class SmallLake {
  static final int ENV_SENSORS = 3;
  static final int ENV_MINUTES = 90;
  static final int TRAINING_ENGINES = 6;
  static final int HOLDOUT_ENGINES = 2;
  static final int HOLDOUT_PERCENT = 20;
  static final long MINUTE = 60_000;
  /** The Kafka source's columns, as Spark's Kafka source delivers them. */
  static final StructType KAFKA = new StructType()
      .add("key", DataTypes.BinaryType).add("value", DataTypes.BinaryType).add("topic", DataTypes.StringType)
      .add("partition", DataTypes.IntegerType).add("offset", DataTypes.LongType)
      .add("timestamp", DataTypes.TimestampType).add("timestampType", DataTypes.IntegerType);

  private final SparkSession spark;
  private final Config config;
  private final TelemetryCodec codec = new TelemetryCodec();

  SmallLake(SparkSession spark, Config config) {
    this.spark = spark;
    this.config = config;
  }

  /** Writes bronze, then runs silver and gold over it. */
  void build(long now) throws Exception {
    String bronze = Lake.from(config).bronzeTelemetry();
    DeltaTables.ensure(spark, bronze, BronzeTransform.SCHEMA, new String[] {"ingest_date"}, Map.of());
    appendBronze(events(now));
    SilverJob.start(spark, config, Trigger.AvailableNow()).awaitTermination();
    GoldJob.start(spark, config, Trigger.AvailableNow()).awaitTermination();
  }

  /** Engine units whose device ids fall in the retrain's training set and holdout, as many as needed of each. */
  static List<Integer> turbofanUnits() {
    List<Integer> training = new ArrayList<>();
    List<Integer> holdout = new ArrayList<>();
    for (int unit = 1; training.size() < TRAINING_ENGINES || holdout.size() < HOLDOUT_ENGINES; unit++) {
      boolean inHoldout = EngineRows.inHoldout(turbofanId(unit), HOLDOUT_PERCENT);
      List<Integer> target = inHoldout ? holdout : training;
      if (target.size() < (inHoldout ? HOLDOUT_ENGINES : TRAINING_ENGINES)) {
        target.add(unit);
      }
    }
    List<Integer> all = new ArrayList<>(training);
    all.addAll(holdout);
    return all;
  }

  static String turbofanId(int unit) {
    return String.format("turbofan-%03d", unit);
  }

  private List<Telemetry> events(long now) {
    List<Telemetry> out = new ArrayList<>();
    for (int s = 1; s <= ENV_SENSORS; s++) {
      EnvSensor sensor = new EnvSensor(String.format("env-%03d", s), s);
      for (int m = 0; m < ENV_MINUTES; m++) {
        long t = now - (ENV_MINUTES - m) * MINUTE;
        out.add(new Telemetry(sensor.id(), m + 1, t, sensor.next(t)));
      }
    }
    Map<Integer, List<Payload.Turbofan>> fd001 = TurbofanReplay.fd001();
    List<Integer> completed = turbofanUnits();
    for (int i = 0; i < completed.size(); i++) {
      // run-to-failure engines stopped 3 h and more before the newest cycle (the retrain's completed-after is 1 h)
      addEngine(out, turbofanId(completed.get(i)), fd001.get(completed.get(i)), now - (3 * 60 + 10L * i) * MINUTE, Integer.MAX_VALUE);
    }
    int running = completed.get(completed.size() - 1) + 1;
    addEngine(out, turbofanId(running), fd001.get(running), now - MINUTE, 60); // still reporting: censored
    return out;
  }

  private static void addEngine(List<Telemetry> out, String id, List<Payload.Turbofan> cycles, long lastTime, int maxCycles) {
    int n = Math.min(cycles.size(), maxCycles);
    for (int c = 0; c < n; c++) {
      out.add(new Telemetry(id, c + 1, lastTime - (n - 1 - c) * MINUTE, cycles.get(c)));
    }
  }

  private void appendBronze(List<Telemetry> events) {
    List<Row> rows = new ArrayList<>();
    for (Telemetry e : events) {
      int partition = Math.floorMod(e.deviceId().hashCode(), 4);
      rows.add(RowFactory.create(e.deviceId().getBytes(StandardCharsets.UTF_8), codec.encodeAvro(e), "iot-telemetry",
          partition, (long) rows.size(), new Timestamp(e.eventTimeMillis()), 0));
    }
    new IdempotentDeltaAppend(Lake.from(config).bronzeTelemetry(), Lake.BRONZE_TELEMETRY_QUERY + "-notebook-fixture", Map.of())
        .call(BronzeTransform.toBronze(spark.createDataFrame(rows, KAFKA), current_timestamp()), 0L);
  }

}
