package io.iotlakehouse.streaming.transform.silver;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructField;

/**
 * Adds the {@link SilverSchemas#ENRICHMENT} columns to silver rows: point-in-time joins with the two reference tables.
 *
 * <ul>
 *   <li>Device registry (slowly changing, type 2 as effective-dated rows): each row of a device holds from its
 *       {@code valid_from} until the device's next row, so a device moved to another site keeps its old site on
 *       events before the move. Events before a device's first row get nulls.</li>
 *   <li>Weather: one row per (site, hour); when a (site, hour) was written several times, the newest
 *       {@code updated_at} wins.</li>
 * </ul>
 *
 * Both joins are left joins on broadcast tables and match at most one reference row per event, so the row count is
 * unchanged.
 */
public final class Enrichment {
  private Enrichment() {}

  /** The reference tables as read for one micro-batch; empty where the table does not exist. */
  public record Reference(Optional<Dataset<Row>> devices, Optional<Dataset<Row>> weather) {
    public static final Reference NONE = new Reference(Optional.empty(), Optional.empty());
  }

  /** Silver event rows (with device_id, event_time) plus the enrichment columns. */
  public static Dataset<Row> apply(Dataset<Row> events, Reference ref) {
    Dataset<Row> out = events;
    if (ref.devices().isPresent()) {
      // a registry may hold only device_id (all silver needs for rule unknown_device): absent columns read null, and
      // a row without valid_from holds from the beginning of time
      Dataset<Row> registry = ref.devices().get();
      Column from = coalesce(column(registry, "valid_from", lit(null)), lit(new java.sql.Timestamp(0)));
      Dataset<Row> versions = registry
          .select(col("device_id").as("r_device_id"), column(registry, "site", nullOf("site")).as("r_site"),
              column(registry, "model", nullOf("model")).as("r_model"),
              column(registry, "install_date", nullOf("install_date")).as("r_install_date"), from.as("r_from"),
              lead(from, 1).over(Window.partitionBy("device_id").orderBy(from)).as("r_to"));
      Column matches = col("device_id").equalTo(col("r_device_id"))
          .and(col("event_time").geq(col("r_from")))
          .and(col("r_to").isNull().or(col("event_time").lt(col("r_to"))));
      out = out.join(broadcast(versions), matches, "left")
          .withColumn("site", col("r_site")).withColumn("model", col("r_model"))
          .withColumn("install_date", col("r_install_date"));
    } else {
      out = out.withColumn("site", nullOf("site")).withColumn("model", nullOf("model"))
          .withColumn("install_date", nullOf("install_date"));
    }
    if (ref.weather().isPresent()) {
      Dataset<Row> latest = ref.weather().get()
          .withColumn("w_rank", row_number().over(Window.partitionBy("site", "hour").orderBy(desc("updated_at"))))
          .where(col("w_rank").equalTo(1))
          .select(col("site").as("w_site"), col("hour").as("w_hour"), col("temperature_c").as("w_temp"),
              col("condition").as("w_condition"));
      out = out.join(broadcast(latest), col("site").equalTo(col("w_site"))
              .and(date_trunc("hour", col("event_time")).equalTo(col("w_hour"))), "left")
          .withColumn("weather_temp_c", col("w_temp")).withColumn("weather_condition", col("w_condition"));
    } else {
      out = out.withColumn("weather_temp_c", nullOf("weather_temp_c"))
          .withColumn("weather_condition", nullOf("weather_condition"));
    }
    return out;
  }

  private static Column column(Dataset<Row> table, String name, Column otherwise) {
    return java.util.Arrays.asList(table.columns()).contains(name) ? col(name) : otherwise;
  }

  private static Column nullOf(String enrichmentColumn) {
    StructField f = SilverSchemas.ENRICHMENT.apply(enrichmentColumn);
    return lit(null).cast(f.dataType());
  }
}
