package io.iotlakehouse.streaming.transform.hot;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.common.event.TelemetryCodec;
import io.iotlakehouse.streaming.io.SparkSessions;
import io.iotlakehouse.streaming.transform.silver.SilverSettings;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Kafka-shaped rows through the hot path's transforms on a static Dataset (no Kafka, no Redis). */
class HotPathTransformTest {
  static final long T = System.currentTimeMillis();
  static final TelemetryCodec CODEC = new TelemetryCodec();
  static final StructType KAFKA = new StructType()
      .add("key", DataTypes.BinaryType).add("value", DataTypes.BinaryType).add("topic", DataTypes.StringType)
      .add("partition", DataTypes.IntegerType).add("offset", DataTypes.LongType).add("timestamp", DataTypes.TimestampType)
      .add("timestampType", DataTypes.IntegerType);
  static SparkSession spark;
  static long offset;

  @BeforeAll
  static void start() {
    spark = SparkSessions.create("hotpath-transform-test", "local[1]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static Row kafka(String key, byte[] value) {
    return RowFactory.create(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, "iot-telemetry", 0, offset++,
        new Timestamp(T), 0);
  }

  static Row env(String id, long seq, double temp, double humidity) {
    return kafka(id, CODEC.encodeAvro(new Telemetry(id, seq, T - 1000, new Payload.Env(temp, humidity))));
  }

  static Dataset<Row> events(List<Row> rows) {
    return HotPathTransform.events(spark.createDataFrame(rows, KAFKA), col("timestamp"),
        SilverSettings.of(Duration.ofMinutes(5), Duration.ofDays(3)));
  }

  @Test
  void onlyEventsSilverWouldAcceptCarryAlerts() {
    List<Row> rows = List.of(
        env("env-1", 1, 20, 40),                                       // accepted, no alert
        env("env-1", 2, 60, 95),                                       // two alerts
        env("env-1", 3, 200, 40),                                      // temperature_range: dropped
        env("env-1", 4, Double.NaN, 40),                               // not_finite: dropped
        kafka("env-1", "garbage".getBytes(StandardCharsets.UTF_8)),    // undecodable: dropped
        kafka("someone-else", CODEC.encodeAvro(new Telemetry("env-2", 1, T, new Payload.Env(60, 40)))), // key_mismatch
        kafka("env-3", CODEC.encodeAvro(new Telemetry("env-3", 1, T + Duration.ofHours(1).toMillis(), new Payload.Env(60, 40)))));
    List<Row> out = events(rows).collectAsList();
    assertThat(out).extracting(r -> r.getString(0) + "#" + r.getLong(1)).containsExactly("env-1#1", "env-1#2");
    assertThat(List.of(events(rows).columns())).containsExactlyElementsOf(withAlerts());
    Map<Long, List<String>> fired = out.stream().collect(Collectors.toMap(r -> r.getLong(1),
        r -> r.<Row>getList(r.fieldIndex(HotPathTransform.ALERTS)).stream().map(f -> f.<String>getAs("rule_id")).toList()));
    assertThat(fired.get(1L)).isEmpty();
    assertThat(fired.get(2L)).containsExactly("env.overheat", "env.humidity_high");
  }

  @Test
  void hotRowsKeepAlertingRowsAndEachDevicesLatest() {
    List<Row> rows = new ArrayList<>(List.of(
        env("env-1", 5, 60, 40),   // alert, not the latest of env-1
        env("env-1", 7, 20, 40),   // latest of env-1, no alert
        env("env-1", 6, 20, 40),   // neither: dropped
        env("env-2", 1, 61, 40))); // alert and latest
    Dataset<Row> ev = events(rows);
    List<Row> hot = ev.coalesce(1).mapPartitions(new HotPathTransform.HotRows(),
        Encoders.row(HotPathTransform.hotRowsSchema(ev.schema()))).collectAsList();
    assertThat(hot).extracting(r -> r.getString(0) + "#" + r.getLong(1) + "#" + r.getAs(HotPathTransform.LATEST))
        .containsExactlyInAnyOrder("env-1#5#false", "env-1#7#true", "env-2#1#true");
  }

  static List<String> withAlerts() {
    List<String> c = new ArrayList<>(HotPathTransform.EVENT_COLUMNS);
    c.add(HotPathTransform.ALERTS);
    return c;
  }
}
