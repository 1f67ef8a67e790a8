package io.iotlakehouse.streaming.transform.hot;

import static org.apache.spark.sql.functions.col;

import io.iotlakehouse.streaming.transform.BronzeTransform;
import io.iotlakehouse.streaming.transform.alerts.AlertRules;
import io.iotlakehouse.streaming.transform.silver.SilverDecoder;
import io.iotlakehouse.streaming.transform.silver.SilverSchemas;
import io.iotlakehouse.streaming.transform.silver.SilverSettings;
import io.iotlakehouse.streaming.transform.silver.SilverTransform;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

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

  /** Columns of {@link #events}: the envelope, {@link #PAYLOAD_COLUMNS}, then {@value #ALERTS}. */
  public static final List<String> EVENT_COLUMNS;

  /** Array column of the alerts an event raises ({@link AlertRules#firedColumn}), empty when none. */
  public static final String ALERTS = "alerts";

  /** Boolean column {@link HotRows} adds: the row is its device's highest seq in the batch. */
  public static final String LATEST = "latest";

  static {
    List<String> c = new ArrayList<>(List.of("device_id", "seq", "event_time", "kind"));
    c.addAll(PAYLOAD_COLUMNS);
    EVENT_COLUMNS = List.copyOf(c);
  }

  /**
   * @param kafka rows of Spark's Kafka source (key, value, topic, partition, offset, timestamp)
   * @param ingestTime what the time rules compare event_time with: the hot path uses the Kafka record timestamp
   *     (fixed across replays, so a replayed batch is judged the same, and not a per-batch literal in generated code)
   * @return events that passed decoding and every per-event rule: {@link #EVENT_COLUMNS} plus {@value #ALERTS}
   */
  public static Dataset<Row> events(Dataset<Row> kafka, Column ingestTime, SilverSettings settings) {
    Dataset<Row> accepted = SilverTransform.decoderInput(BronzeTransform.toBronze(kafka, ingestTime))
        .mapPartitions(new AcceptedEvents(settings), Encoders.row(EVENT));
    List<Column> cols = new ArrayList<>();
    for (String c : EVENT_COLUMNS) cols.add(col(c));
    cols.add(AlertRules.firedColumn().as(ALERTS));
    return accepted.select(cols.toArray(Column[]::new));
  }

  /** {@link #EVENT_COLUMNS} with silver's types. */
  static final StructType EVENT;

  static {
    StructType t = new StructType();
    for (String c : EVENT_COLUMNS) t = t.add(SilverSchemas.ROUTED.apply(c));
    EVENT = t;
  }

  /**
   * Silver's decoder and per-event rules, keeping only the rows that pass them (route still undecided) and only the
   * event columns: the streaming plan then carries 18 columns instead of silver's 31 routed ones (no raw bytes, no
   * verdict), which Spark re-optimises and serialises on every micro-batch.
   */
  static final class AcceptedEvents implements MapPartitionsFunction<Row, Row> {
    private static final int ROUTE = SilverSchemas.ROUTED.fieldIndex("route");
    private static final int[] PICK = EVENT_COLUMNS.stream().mapToInt(SilverSchemas.ROUTED::fieldIndex).toArray();
    private final SilverSettings settings;

    AcceptedEvents(SilverSettings settings) {
      this.settings = settings;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> bronze) {
      Iterator<Row> routed = new SilverDecoder(settings).call(bronze);
      return new Iterator<>() {
        private Row next = advance();

        private Row advance() {
          while (routed.hasNext()) {
            Row r = routed.next();
            if (!r.isNullAt(ROUTE)) continue; // broke a rule: silver quarantines it, no alert
            Object[] v = new Object[PICK.length];
            for (int i = 0; i < PICK.length; i++) v[i] = r.get(PICK[i]);
            return RowFactory.create(v);
          }
          return null;
        }

        @Override
        public boolean hasNext() {
          return next != null;
        }

        @Override
        public Row next() {
          if (next == null) throw new java.util.NoSuchElementException();
          Row r = next;
          next = advance();
          return r;
        }
      };
    }
  }

  /** The schema of {@link HotRows}' output for input rows of {@code events}. */
  public static StructType hotRowsSchema(StructType events) {
    return events.add(LATEST, DataTypes.BooleanType, false);
  }

  /**
   * Keeps what the hot path writes, in one pass: every event that raised an alert, and each device's highest-seq event
   * (flagged {@value #LATEST}); drops the rest. On a batch coalesced to one partition this is exact; otherwise the
   * caller reduces the latest rows across partitions (and the Redis write is guarded by seq anyway).
   */
  public static final class HotRows implements MapPartitionsFunction<Row, Row> {
    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      List<Row> alerting = new ArrayList<>();
      Map<String, Row> latest = new HashMap<>();
      int alertsIdx = -1;
      while (rows.hasNext()) {
        Row r = rows.next();
        if (alertsIdx < 0) alertsIdx = r.fieldIndex(ALERTS);
        if (!r.isNullAt(alertsIdx) && !r.getList(alertsIdx).isEmpty()) alerting.add(r);
        Row seen = latest.get(r.getString(0));
        if (seen == null || r.getLong(1) > seen.getLong(1)) latest.put(r.getString(0), r);
      }
      List<Row> out = new ArrayList<>(alerting.size() + latest.size());
      Set<Row> latestRows = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
      latestRows.addAll(latest.values());
      for (Row r : alerting) out.add(withFlag(r, latestRows.remove(r)));
      for (Row r : latestRows) out.add(withFlag(r, true));
      return out.iterator();
    }

    private static Row withFlag(Row r, boolean latest) {
      Object[] v = new Object[r.length() + 1];
      for (int i = 0; i < r.length(); i++) v[i] = r.get(i);
      v[r.length()] = latest;
      return RowFactory.create(v);
    }
  }
}
