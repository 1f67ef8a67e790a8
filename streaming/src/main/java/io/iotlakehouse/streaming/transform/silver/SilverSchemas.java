package io.iotlakehouse.streaming.transform.silver;

import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Schemas of the silver layer. Silver telemetry is one flat superset table for every device kind: the envelope
 * (device_id, seq, event_time, kind, wire format) plus the payload columns of each kind, null for the other kinds.
 * One table keeps (device_id, seq) unique in one place and lets a query read several kinds at once; a kind's columns
 * are easy to select with {@code WHERE kind = 'truck'}.
 */
public final class SilverSchemas {
  private SilverSchemas() {}

  /** Where a bronze row ends up: exactly one of these, so bronze = silver + quarantine + duplicates. */
  public static final String ROUTE_SILVER = "silver";
  public static final String ROUTE_QUARANTINE = "quarantine";
  public static final String ROUTE_DUPLICATE = "duplicate";

  private static final ArrayType DOUBLES = DataTypes.createArrayType(DataTypes.DoubleType, false);
  private static final ArrayType STRINGS = DataTypes.createArrayType(DataTypes.StringType, false);

  /** Envelope and payload columns, in silver order (all nullable here: a quarantined row may have none of them). */
  static final StructType EVENT = new StructType()
      .add("device_id", DataTypes.StringType, true, "device identity; (device_id, seq) is unique in silver")
      .add("seq", DataTypes.LongType, true, "per-device sequence number (1, 2, 3, ...)")
      .add("event_time", DataTypes.TimestampType, true, "when the device measured it (UTC)")
      .add("kind", DataTypes.StringType, true, "env, truck or turbofan")
      .add("format", DataTypes.StringType, true, "wire format the device sent: avro or json")
      .add("schema_version", DataTypes.IntegerType, true, "Avro writer schema version (1 for JSON)")
      .add("firmware_version", DataTypes.StringType, true, "device firmware (schema v2 and JSON); null from v1 devices")
      .add("temperature_c", DataTypes.DoubleType, true, "env")
      .add("humidity_pct", DataTypes.DoubleType, true, "env")
      .add("lat", DataTypes.DoubleType, true, "truck")
      .add("lon", DataTypes.DoubleType, true, "truck")
      .add("speed_kmh", DataTypes.DoubleType, true, "truck")
      .add("engine_rpm", DataTypes.DoubleType, true, "truck")
      .add("engine_temp_c", DataTypes.DoubleType, true, "truck")
      .add("oil_pressure_kpa", DataTypes.DoubleType, true, "truck")
      .add("fuel_level_pct", DataTypes.DoubleType, true, "truck")
      .add("fault_codes", STRINGS, true, "truck: diagnostic trouble codes, empty when none")
      .add("unit", DataTypes.IntegerType, true, "turbofan: engine unit")
      .add("cycle", DataTypes.IntegerType, true, "turbofan: operating cycle")
      .add("settings", DOUBLES, true, "turbofan: 3 operational settings")
      .add("sensors", DOUBLES, true, "turbofan: 21 sensors s1..s21 (sensors[0] is s1)");

  /** Where the bronze row came from. */
  static final StructType SOURCE = new StructType()
      .add("key", DataTypes.StringType, true, "bronze key (the Kafka key)")
      .add("value", DataTypes.BinaryType, true, "event bytes exactly as in bronze")
      .add("topic", DataTypes.StringType, false)
      .add("partition", DataTypes.IntegerType, false)
      .add("offset", DataTypes.LongType, false)
      .add("ingest_time", DataTypes.TimestampType, false, "bronze ingest time")
      .add("ingest_date", DataTypes.DateType, false);

  /** Bronze columns silver reads, in this order. */
  static final String[] BRONZE_COLUMNS = SOURCE.fieldNames();

  /**
   * Every bronze row after the transforms: event columns (when decoded), source columns, and the verdict. Internal to
   * the pipeline; the tables below are projections of it.
   */
  public static final StructType ROUTED = concat(EVENT, SOURCE, new StructType()
      .add("route", DataTypes.StringType, true, "silver, quarantine or duplicate; null while undecided")
      .add("rule_id", DataTypes.StringType, true, "first rule the row failed (quarantine only)")
      .add("reason", DataTypes.StringType, true, "human explanation of the failure (quarantine only)"));

  /** {@link #ROUTED} plus the watermark column the stateful step needs. */
  static final StructType STATE_INPUT = ROUTED.add("wm_time", DataTypes.TimestampType, true);

  /** Columns silver adds from the reference tables (device registry, weather); null when no reference row matches. */
  public static final StructType ENRICHMENT = new StructType()
      .add("site", DataTypes.StringType, true, "device registry: site the device belonged to at event_time")
      .add("model", DataTypes.StringType, true, "device registry: device model")
      .add("install_date", DataTypes.DateType, true, "device registry: when the device was installed")
      .add("weather_temp_c", DataTypes.DoubleType, true, "weather table: outside temperature at the site in that hour")
      .add("weather_condition", DataTypes.StringType, true, "weather table: e.g. clear, rain, snow");

  /** Silver telemetry: {@code <lake>/silver/telemetry}, partitioned by event_date. */
  public static final StructType SILVER = concat(
      required(EVENT, "device_id", "seq", "event_time", "kind", "format", "schema_version"),
      ENRICHMENT,
      new StructType()
          .add("event_date", DataTypes.DateType, false, "partition column: UTC date of event_time")
          .add("topic", DataTypes.StringType, false, "source Kafka topic")
          .add("partition", DataTypes.IntegerType, false, "source Kafka partition")
          .add("offset", DataTypes.LongType, false, "source Kafka offset")
          .add("ingest_time", DataTypes.TimestampType, false, "bronze ingest time"));

  /** Quarantine: {@code <lake>/silver/quarantine}, partitioned by ingest_date. One row per rejected bronze row. */
  public static final StructType QUARANTINE = new StructType()
      .add("rule_id", DataTypes.StringType, false, "first rule the row failed")
      .add("reason", DataTypes.StringType, false, "what is wrong, in words")
      .add("device_id", DataTypes.StringType, true, "decoded device_id, null when the value did not decode")
      .add("seq", DataTypes.LongType, true, "decoded seq, null when the value did not decode")
      .add("event_time", DataTypes.TimestampType, true, "decoded event_time, null when absent or not representable")
      .add("kind", DataTypes.StringType, true)
      .add("key", DataTypes.StringType, true, "bronze key (the Kafka key)")
      .add("value", DataTypes.BinaryType, true, "raw event bytes, to inspect or reprocess")
      .add("topic", DataTypes.StringType, false)
      .add("partition", DataTypes.IntegerType, false)
      .add("offset", DataTypes.LongType, false)
      .add("ingest_time", DataTypes.TimestampType, false)
      .add("ingest_date", DataTypes.DateType, false, "partition column");

  /** Duplicates: {@code <lake>/silver/duplicates}: later copies of an event silver already judged. */
  public static final StructType DUPLICATES = new StructType()
      .add("device_id", DataTypes.StringType, false)
      .add("seq", DataTypes.LongType, false)
      .add("event_time", DataTypes.TimestampType, false)
      .add("topic", DataTypes.StringType, false)
      .add("partition", DataTypes.IntegerType, false)
      .add("offset", DataTypes.LongType, false)
      .add("ingest_time", DataTypes.TimestampType, false)
      .add("ingest_date", DataTypes.DateType, false, "partition column");

  private static StructType concat(StructType... parts) {
    StructType out = new StructType();
    for (StructType p : parts) for (StructField f : p.fields()) out = out.add(f);
    return out;
  }

  private static StructType required(StructType s, String... names) {
    java.util.Set<String> req = java.util.Set.of(names);
    StructType out = new StructType();
    for (StructField f : s.fields()) {
      out = out.add(new StructField(f.name(), f.dataType(), !req.contains(f.name()), f.metadata()));
    }
    return out;
  }
}
