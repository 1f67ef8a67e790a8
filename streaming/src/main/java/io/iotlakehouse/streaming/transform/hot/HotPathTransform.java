package io.iotlakehouse.streaming.transform.hot;

import static org.apache.spark.sql.functions.col;

import io.iotlakehouse.streaming.transform.BronzeTransform;
import io.iotlakehouse.streaming.transform.silver.SilverSettings;
import io.iotlakehouse.streaming.transform.silver.SilverTransform;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Kafka records -> the silver-shaped events the hot path alerts on, as pure Dataset functions (the same on a stream
 * and on a static Dataset). Decoding and the stateless per-event rules are silver's own ({@link SilverTransform#decode}),
 * so an event raises an alert only if silver would accept it on those rules; a malformed, out-of-range or
 * wrongly keyed event raises nothing. No dedupe state: the Redis writes are idempotent by alert id and guarded by seq.
 */
public final class HotPathTransform {
  private HotPathTransform() {}

  /** Payload columns of silver (null for the other kinds), in silver order. */
  public static final List<String> PAYLOAD_COLUMNS = List.of("temperature_c", "humidity_pct", "lat", "lon", "speed_kmh",
      "engine_rpm", "engine_temp_c", "oil_pressure_kpa", "fuel_level_pct", "fault_codes", "unit", "cycle", "settings",
      "sensors");

  /** Columns of {@link #events}: the envelope then {@link #PAYLOAD_COLUMNS}. */
  public static final List<String> EVENT_COLUMNS;

  static {
    List<String> c = new ArrayList<>(List.of("device_id", "seq", "event_time", "kind"));
    c.addAll(PAYLOAD_COLUMNS);
    EVENT_COLUMNS = List.copyOf(c);
  }

  /**
   * @param kafka rows of Spark's Kafka source (key, value, topic, partition, offset, timestamp)
   * @param ingestTime what the time rules compare event_time with, e.g. {@code current_timestamp()} (fixed per batch,
   *     so a replayed batch is judged the same)
   * @return events that passed decoding and every per-event rule, columns {@link #EVENT_COLUMNS}
   */
  public static Dataset<Row> events(Dataset<Row> kafka, Column ingestTime, SilverSettings settings) {
    Dataset<Row> routed = SilverTransform.decode(BronzeTransform.toBronze(kafka, ingestTime), settings);
    return routed.where(col("route").isNull())
        .select(EVENT_COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
  }

  /**
   * Per partition, the highest-seq row of each device (rows of {@link #events}). Kafka keys records by device_id, so
   * a device's events share a partition and this is already the batch's latest per device; the caller still reduces
   * across partitions, and the Redis write is guarded by seq anyway. No shuffle: one pass over the cached batch.
   */
  public static final class LatestPerDevice implements MapPartitionsFunction<Row, Row> {
    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      Map<String, Row> latest = new HashMap<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        String device = r.getString(0);
        Row seen = latest.get(device);
        if (seen == null || r.getLong(1) > seen.getLong(1)) latest.put(device, r);
      }
      return latest.values().iterator();
    }
  }
}
