package io.iotlakehouse.streaming.transform.gold;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/** The sensors gold aggregates, per device kind, and how each is read from a silver row. */
public final class GoldSensors {
  private GoldSensors() {}

  /** One sensor: its name in gold and the silver expression holding its value. */
  public record Sensor(String kind, String name, Column value) {}

  /**
   * The 14 informative C-MAPSS sensors (1-based, as in the C-MAPSS papers: s1 is silver's {@code sensors[0]}). The other
   * seven are constant in FD001 and carry no health signal.
   */
  public static final List<Integer> TURBOFAN_HEALTH_SENSORS = List.of(2, 3, 4, 7, 8, 9, 11, 12, 13, 14, 15, 17, 20, 21);

  public static final List<Sensor> SENSORS = sensors();

  private static List<Sensor> sensors() {
    List<Sensor> out = new ArrayList<>();
    for (String c : List.of("temperature_c", "humidity_pct")) out.add(new Sensor("env", c, col(c)));
    for (String c : List.of("speed_kmh", "engine_rpm", "engine_temp_c", "oil_pressure_kpa", "fuel_level_pct")) {
      out.add(new Sensor("truck", c, col(c)));
    }
    for (int s : TURBOFAN_HEALTH_SENSORS) out.add(new Sensor("turbofan", "s" + s, turbofanSensor(s)));
    return List.copyOf(out);
  }

  /** C-MAPSS sensor {@code s} (1-based) of a silver row's {@code sensors} array. */
  public static Column turbofanSensor(int s) {
    return element_at(col("sensors"), s);
  }

  /** Sensor names of a kind, in catalog order. */
  public static List<String> names(String kind) {
    return SENSORS.stream().filter(s -> s.kind().equals(kind)).map(Sensor::name).toList();
  }

  /**
   * Long format: one row per (silver row, sensor of its kind) with a non-null value: the silver columns {@code keep}
   * plus {@code sensor} and {@code value}. Rows of unknown kinds give none.
   */
  public static Dataset<Row> longFormat(Dataset<Row> silver, String... keep) {
    Column readings = null;
    for (String kind : List.of("env", "truck", "turbofan")) {
      List<Column> items = new ArrayList<>();
      for (Sensor s : SENSORS) {
        if (s.kind().equals(kind)) {
          items.add(struct(lit(s.name()).as("sensor"), s.value().cast(DataTypes.DoubleType).as("value")));
        }
      }
      Column arr = array(items.toArray(Column[]::new));
      readings = readings == null ? when(col("kind").equalTo(kind), arr) : readings.when(col("kind").equalTo(kind), arr);
    }
    List<Column> cols = new ArrayList<>();
    for (String k : keep) cols.add(col(k));
    cols.add(explode(readings).as("reading"));
    Dataset<Row> exploded = silver.select(cols.toArray(Column[]::new));
    List<Column> out = new ArrayList<>();
    for (String k : keep) out.add(col(k));
    out.add(col("reading.sensor").as("sensor"));
    out.add(col("reading.value").as("value"));
    return exploded.select(out.toArray(Column[]::new)).where(col("value").isNotNull());
  }
}
