package io.iotlakehouse.streaming.transform.alerts;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Alert rules, declared as data: which kind they apply to, when they fire, the value they report and a message. The
 * hot path evaluates them on fresh events and gold counts them per site and hour, with this one definition.
 */
public final class AlertRules {
  private AlertRules() {}

  /** One rule: fires on rows of {@code kind} where {@code fires} is true. */
  public record AlertRule(String id, String kind, String severity, String description, Column fires, Column value,
      Column message) {}

  /** Threshold of the turbofan rule: LPT outlet temperature (C-MAPSS s4, °R); above it in < 1 % of FD001 cycles. */
  public static final double TURBOFAN_LPT_TEMP_MAX = 1430.0;

  public static final List<AlertRule> RULES = List.of(
      rule("env.overheat", "env", "warning", "temperature_c above 45 °C",
          col("temperature_c").gt(45), col("temperature_c"), lit("temperature "), lit(" °C above 45 °C")),
      rule("env.humidity_high", "env", "info", "humidity_pct above 90 %",
          col("humidity_pct").gt(90), col("humidity_pct"), lit("humidity "), lit(" % above 90 %")),
      rule("truck.engine_overheat", "truck", "critical", "engine_temp_c above 110 °C",
          col("engine_temp_c").gt(110), col("engine_temp_c"), lit("engine temperature "), lit(" °C above 110 °C")),
      rule("truck.low_fuel", "truck", "warning", "fuel_level_pct below 10 %",
          col("fuel_level_pct").lt(10), col("fuel_level_pct"), lit("fuel level "), lit(" % below 10 %")),
      new AlertRule("truck.fault_code", "truck", "warning", "at least one diagnostic trouble code",
          size(col("fault_codes")).gt(0), size(col("fault_codes")).cast(DataTypes.DoubleType),
          concat(lit("fault codes "), concat_ws(",", col("fault_codes")))),
      rule("turbofan.lpt_temp_high", "turbofan", "critical",
          "LPT outlet temperature (sensor s4) above " + TURBOFAN_LPT_TEMP_MAX + " °R",
          element_at(col("sensors"), 4).gt(TURBOFAN_LPT_TEMP_MAX), element_at(col("sensors"), 4),
          lit("LPT outlet temperature s4 "), lit(" °R above " + TURBOFAN_LPT_TEMP_MAX + " °R")));

  /** Columns of {@link #evaluate}'s result. */
  public static final StructType ALERT = new StructType()
      .add("alert_id", DataTypes.StringType, false, "<rule_id>:<device_id>:<seq>, stable across replays")
      .add("rule_id", DataTypes.StringType, false)
      .add("severity", DataTypes.StringType, false, "info, warning or critical")
      .add("device_id", DataTypes.StringType, false)
      .add("kind", DataTypes.StringType, false)
      .add("site", DataTypes.StringType, true)
      .add("seq", DataTypes.LongType, false)
      .add("event_time", DataTypes.TimestampType, false)
      .add("value", DataTypes.DoubleType, true, "the value that tripped the rule")
      .add("message", DataTypes.StringType, false);

  /**
   * The alerts raised by silver-shaped rows (silver column names; {@code site} may be absent, then it is null): one row
   * per (rule, event) that fires. A null or NaN value never fires a rule. Pure, works on a stream and on a table.
   */
  public static Dataset<Row> evaluate(Dataset<Row> events) {
    Column site = List.of(events.columns()).contains("site") ? col("site") : lit(null).cast(DataTypes.StringType);
    Dataset<Row> out = null;
    for (AlertRule r : RULES) {
      Dataset<Row> fired = events.where(firesOn(r))
          .select(
              concat(lit(r.id() + ":"), col("device_id"), lit(":"), col("seq")).as("alert_id"),
              lit(r.id()).as("rule_id"),
              lit(r.severity()).as("severity"),
              col("device_id"), col("kind"), site.as("site"), col("seq"), col("event_time"),
              r.value().cast(DataTypes.DoubleType).as("value"),
              r.message().as("message"));
      out = out == null ? fired : out.unionAll(fired);
    }
    return out;
  }

  /**
   * The same rules as one column, for a single pass over events (the hot path): an array with one struct
   * {@code (rule_id, severity, value, message)} per rule that fires on the row, in rule order, empty when none does.
   * Fires exactly where {@link #evaluate} yields a row (a test checks both agree); the alert id, device, kind, seq and
   * event time are the row's own. Unlike {@code evaluate}, which unions one filtered copy of the input per rule, this
   * reads the input once.
   */
  public static Column firedColumn() {
    Column[] each = new Column[RULES.size()];
    for (int i = 0; i < RULES.size(); i++) {
      AlertRule r = RULES.get(i);
      each[i] = when(firesOn(r), struct(lit(r.id()).as("rule_id"), lit(r.severity()).as("severity"),
          r.value().cast(DataTypes.DoubleType).as("value"), r.message().as("message")));
    }
    return array_compact(array(each));
  }

  /** Where rule {@code r} fires: its kind, its condition, and never on a null or NaN value. */
  private static Column firesOn(AlertRule r) {
    // Spark orders NaN above every number, so `NaN > 45` is true: a NaN reading must not fire a rule
    return col("kind").equalTo(r.kind()).and(coalesce(r.fires().and(not(isnan(r.value()))), lit(false)));
  }

  /** Rule ids, in declaration order. */
  public static List<String> ids() {
    List<String> ids = new ArrayList<>();
    for (AlertRule r : RULES) ids.add(r.id());
    return ids;
  }

  private static AlertRule rule(String id, String kind, String severity, String description, Column fires, Column value,
      Column before, Column after) {
    return new AlertRule(id, kind, severity, description, fires, value,
        concat(before, format_number(value, 1), after));
  }
}
