package io.iotlakehouse.streaming.transform.silver;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.iotlakehouse.streaming.SilverKeys;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Bronze rows -> routed rows (silver / quarantine / duplicate), as pure Dataset functions that work the same on a
 * streaming and a static Dataset:
 *
 * <ol>
 *   <li>decode + per-event rules ({@link SilverDecoder}, one codec per partition);</li>
 *   <li>device registry (left join with the registry's device ids; absent registry = every device known);</li>
 *   <li>per-device state ({@link DeviceStateFunction}): dedupe on (device_id, seq), late events, GPS jumps.</li>
 * </ol>
 *
 * Every bronze row comes out exactly once with a route, so bronze = silver + quarantine + duplicates, row for row.
 */
public final class SilverTransform {
  private SilverTransform() {}

  private static final Timestamp NO_WATERMARK = new Timestamp(0);

  /**
   * @param bronze bronze rows (at least the columns of {@code BronzeTransform.SCHEMA} that silver reads)
   * @param registry device ids (a string column device_id), or empty for an open registry
   * @return rows of {@link SilverSchemas#ROUTED}, every one with a route
   */
  public static Dataset<Row> route(Dataset<Row> bronze, SilverSettings settings, Optional<Dataset<Row>> registry) {
    Dataset<Row> decoded = decode(bronze, settings);
    Dataset<Row> checked = registry.isPresent() ? checkRegistry(decoded, registry.get()) : decoded;

    // Only events that passed every time rule may move the watermark: a device with its clock in year 3000 must not
    // make every other event "late".
    Dataset<Row> withWatermark = checked.withColumn("wm_time",
        when(col("route").isNull(), col("event_time")).otherwise(lit(NO_WATERMARK)));
    boolean streaming = bronze.isStreaming();
    if (streaming) {
      withWatermark = withWatermark.withWatermark("wm_time", settings.watermarkDelayMillis() + " milliseconds");
    }
    int deviceId = SilverSchemas.STATE_INPUT.fieldIndex("device_id");
    int key = SilverSchemas.STATE_INPUT.fieldIndex("key");
    return withWatermark
        .groupByKey((MapFunction<Row, String>) r -> groupKey(r, deviceId, key), Encoders.STRING())
        .flatMapGroupsWithState(new DeviceStateFunction(settings, streaming), OutputMode.Append(),
            Encoders.bean(DeviceState.class), Encoders.row(SilverSchemas.STATE_INPUT), GroupStateTimeout.NoTimeout())
        .drop("wm_time");
  }

  /**
   * Step 1 alone: decode + the stateless per-event rules ({@link SilverDecoder}). Rows that broke a rule have route =
   * quarantine; the others have route = null. The hot path uses this to alert only on events silver would accept.
   *
   * @param bronze rows with at least the bronze columns silver reads (key, value, topic, partition, offset,
   *     ingest_time, ingest_date)
   * @return rows of {@link SilverSchemas#ROUTED}
   */
  public static Dataset<Row> decode(Dataset<Row> bronze, SilverSettings settings) {
    return decoderInput(bronze).mapPartitions(new SilverDecoder(settings), Encoders.row(SilverSchemas.ROUTED));
  }

  /** The bronze columns {@link SilverDecoder} reads, in the order it reads them. */
  public static Dataset<Row> decoderInput(Dataset<Row> bronze) {
    return bronze.select(Arrays.stream(SilverSchemas.BRONZE_COLUMNS).map(c -> col(c)).toArray(Column[]::new));
  }

  /** Silver telemetry rows ({@link SilverSchemas#SILVER}) of routed rows, without reference data. */
  public static Dataset<Row> silver(Dataset<Row> routed) {
    return silver(routed, Enrichment.Reference.NONE);
  }

  /** Silver telemetry rows ({@link SilverSchemas#SILVER}) of routed rows, enriched from the reference tables. */
  public static Dataset<Row> silver(Dataset<Row> routed, Enrichment.Reference reference) {
    Dataset<Row> accepted = routed.where(col("route").equalTo(SilverSchemas.ROUTE_SILVER))
        .withColumn("event_date", to_date(col("event_time")));
    return project(Enrichment.apply(accepted, reference), SilverSchemas.SILVER);
  }

  /** Quarantine rows ({@link SilverSchemas#QUARANTINE}) of routed rows. */
  public static Dataset<Row> quarantine(Dataset<Row> routed) {
    return project(routed.where(col("route").equalTo(SilverSchemas.ROUTE_QUARANTINE)), SilverSchemas.QUARANTINE);
  }

  /** Duplicate rows ({@link SilverSchemas#DUPLICATES}) of routed rows. */
  public static Dataset<Row> duplicates(Dataset<Row> routed) {
    return project(routed.where(col("route").equalTo(SilverSchemas.ROUTE_DUPLICATE)), SilverSchemas.DUPLICATES);
  }

  private static Dataset<Row> checkRegistry(Dataset<Row> decoded, Dataset<Row> registry) {
    Dataset<Row> known = registry.select(col("device_id").as("registry_device_id"))
        .where(col("registry_device_id").isNotNull()).distinct();
    Dataset<Row> joined = decoded.join(broadcast(known), col("device_id").equalTo(col("registry_device_id")), "left");
    Column unknown = col("route").isNull().and(col("registry_device_id").isNull());
    List<Column> cols = new ArrayList<>();
    for (StructField f : SilverSchemas.ROUTED.fields()) {
      Column c = switch (f.name()) {
        case "route" -> when(unknown, lit(SilverSchemas.ROUTE_QUARANTINE)).otherwise(col("route"));
        case "rule_id" -> when(unknown, lit(SilverRules.UNKNOWN_DEVICE)).otherwise(col("rule_id"));
        case "reason" -> when(unknown, concat(lit("device_id '"), col("device_id"), lit("' is not in the device registry ("
            + SilverKeys.DEVICE_REGISTRY.name() + "): register the device, then reprocess its quarantined rows")))
            .otherwise(col("reason"));
        default -> col(f.name());
      };
      cols.add(c.as(f.name()));
    }
    return joined.select(cols.toArray(Column[]::new));
  }

  /** Groups by device; rows without a decoded device id (already quarantined) go with their Kafka key. */
  private static String groupKey(Row r, int deviceId, int key) {
    if (!r.isNullAt(deviceId)) return r.getString(deviceId);
    return r.isNullAt(key) ? "" : r.getString(key);
  }

  private static Dataset<Row> project(Dataset<Row> rows, StructType schema) {
    return rows.select(Arrays.stream(schema.fieldNames()).map(c -> col(c)).toArray(Column[]::new));
  }
}
