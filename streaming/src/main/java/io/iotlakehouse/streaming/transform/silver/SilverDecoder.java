package io.iotlakehouse.streaming.transform.silver;

import io.iotlakehouse.common.event.MalformedEventException;
import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.common.event.TelemetryCodec;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Decodes bronze rows (columns {@link SilverSchemas#BRONZE_COLUMNS}, in that order) into {@link SilverSchemas#ROUTED}
 * rows and applies the DECODE and EVENT rules. One codec per partition. Never throws for any value bytes: a row that
 * does not decode, or breaks a rule, comes out with route = quarantine, its rule id and reason; the others come out
 * with route = null (undecided until the registry and state steps).
 */
public final class SilverDecoder implements MapPartitionsFunction<Row, Row> {
  private static final int MAX_REASON = 1000;

  private static final int IN_KEY = 0;
  private static final int IN_VALUE = 1;
  private static final int IN_INGEST_TIME = 5;

  private final SilverSettings settings;

  public SilverDecoder(SilverSettings settings) {
    this.settings = settings;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> bronze) {
    TelemetryCodec codec = new TelemetryCodec();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return bronze.hasNext();
      }

      @Override
      public Row next() {
        return decode(codec, bronze.next());
      }
    };
  }

  Row decode(TelemetryCodec codec, Row in) {
    Object[] out = new Object[SilverSchemas.ROUTED.size()];
    for (int i = 0; i < SilverSchemas.BRONZE_COLUMNS.length; i++) out[Col.KEY + i] = in.get(i);
    byte[] value = (byte[]) in.get(IN_VALUE);
    String key = (String) in.get(IN_KEY);
    long ingestMillis = millis(in.get(IN_INGEST_TIME));

    TelemetryCodec.Decoded decoded;
    try {
      decoded = codec.decode(value);
    } catch (MalformedEventException e) {
      return quarantine(out, SilverRules.decodeRuleId(e), e.getMessage());
    } catch (RuntimeException e) {
      // The codec's contract is MalformedEventException for bad input; anything else is a codec bug that bad input
      // triggered. Quarantine the row (its bytes are kept for the bug report) rather than fail the whole batch.
      return quarantine(out, SilverRules.decodeRuleId(MalformedEventException.Reason.UNDECODABLE),
          "the decoder failed on these bytes with " + e.getClass().getName() + ": " + e.getMessage()
              + " (a codec bug: report it with the raw value)");
    }

    Telemetry t = decoded.event();
    fill(out, decoded);
    ValidationRule.Context context = new ValidationRule.Context(key, ingestMillis, settings);
    for (ValidationRule rule : SilverRules.eventRules()) {
      if (!rule.appliesTo(t.kind())) continue;
      String violation = rule.check().violation(t, context);
      if (violation != null) return quarantine(out, rule.id(), violation);
    }
    return RowFactory.create(out);
  }

  private static void fill(Object[] out, TelemetryCodec.Decoded d) {
    Telemetry t = d.event();
    out[Col.DEVICE_ID] = t.deviceId();
    out[Col.SEQ] = t.seq();
    long et = t.eventTimeMillis();
    out[Col.EVENT_TIME] = et > 0 && et <= SilverRules.MAX_EVENT_TIME_MILLIS ? new Timestamp(et) : null;
    out[Col.KIND] = t.kind().wireName();
    out[Col.FORMAT] = d.format().name().toLowerCase(Locale.ROOT);
    out[Col.SCHEMA_VERSION] = d.schemaVersion();
    out[Col.FIRMWARE_VERSION] = t.firmwareVersion();
    Payload p = t.payload();
    if (p instanceof Payload.Env e) {
      out[Col.TEMPERATURE_C] = e.temperatureC();
      out[Col.HUMIDITY_PCT] = e.humidityPct();
    } else if (p instanceof Payload.Truck tr) {
      out[Col.LAT] = tr.lat();
      out[Col.LON] = tr.lon();
      out[Col.SPEED_KMH] = tr.speedKmh();
      out[Col.ENGINE_RPM] = tr.engineRpm();
      out[Col.ENGINE_TEMP_C] = tr.engineTempC();
      out[Col.OIL_PRESSURE_KPA] = tr.oilPressureKpa();
      out[Col.FUEL_LEVEL_PCT] = tr.fuelLevelPct();
      out[Col.FAULT_CODES] = seq(tr.faultCodes());
    } else if (p instanceof Payload.Turbofan tf) {
      out[Col.UNIT] = tf.unit();
      out[Col.CYCLE] = tf.cycle();
      out[Col.SETTINGS] = seq(tf.settings());
      out[Col.SENSORS] = seq(tf.sensors());
    }
  }

  /** Spark's Row encoder takes arrays as Scala sequences. */
  private static scala.collection.Seq<?> seq(java.util.List<?> list) {
    return scala.collection.JavaConverters.asScalaBuffer(list);
  }

  private static Row quarantine(Object[] out, String ruleId, String reason) {
    out[Col.ROUTE] = SilverSchemas.ROUTE_QUARANTINE;
    out[Col.RULE_ID] = ruleId;
    String r = reason == null || reason.isBlank() ? "(no detail)" : reason;
    out[Col.REASON] = r.length() <= MAX_REASON ? r : r.substring(0, MAX_REASON - 3) + "...";
    return RowFactory.create(out);
  }

  static long millis(Object timestamp) {
    if (timestamp instanceof Timestamp ts) return ts.getTime();
    if (timestamp instanceof Instant i) return i.toEpochMilli();
    throw new IllegalArgumentException("expected a timestamp, got " + timestamp);
  }

  /** Column indexes of {@link SilverSchemas#ROUTED}, checked against the schema when the class loads. */
  static final class Col {
    static final int DEVICE_ID = idx("device_id");
    static final int SEQ = idx("seq");
    static final int EVENT_TIME = idx("event_time");
    static final int KIND = idx("kind");
    static final int FORMAT = idx("format");
    static final int SCHEMA_VERSION = idx("schema_version");
    static final int FIRMWARE_VERSION = idx("firmware_version");
    static final int TEMPERATURE_C = idx("temperature_c");
    static final int HUMIDITY_PCT = idx("humidity_pct");
    static final int LAT = idx("lat");
    static final int LON = idx("lon");
    static final int SPEED_KMH = idx("speed_kmh");
    static final int ENGINE_RPM = idx("engine_rpm");
    static final int ENGINE_TEMP_C = idx("engine_temp_c");
    static final int OIL_PRESSURE_KPA = idx("oil_pressure_kpa");
    static final int FUEL_LEVEL_PCT = idx("fuel_level_pct");
    static final int FAULT_CODES = idx("fault_codes");
    static final int UNIT = idx("unit");
    static final int CYCLE = idx("cycle");
    static final int SETTINGS = idx("settings");
    static final int SENSORS = idx("sensors");
    static final int KEY = idx("key");
    static final int TOPIC = idx("topic");
    static final int PARTITION = idx("partition");
    static final int OFFSET = idx("offset");
    static final int ROUTE = idx("route");
    static final int RULE_ID = idx("rule_id");
    static final int REASON = idx("reason");

    private Col() {}

    private static int idx(String name) {
      return SilverSchemas.ROUTED.fieldIndex(name);
    }
  }
}
