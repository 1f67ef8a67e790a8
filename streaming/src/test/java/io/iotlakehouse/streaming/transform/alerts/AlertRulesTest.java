package io.iotlakehouse.streaming.transform.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.streaming.io.SparkSessions;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of {@link AlertRules#RULES}, table-driven: a value that fires, one just inside the threshold that does
 * not, and null / NaN values, which never fire. One Spark job evaluates all cases at once.
 */
class AlertRulesTest {
  static final long T = 1_790_000_000_000L;
  static SparkSession spark;

  static final StructType EVENTS = new StructType()
      .add("device_id", DataTypes.StringType, false)
      .add("seq", DataTypes.LongType, false)
      .add("event_time", DataTypes.TimestampType, false)
      .add("kind", DataTypes.StringType, false)
      .add("temperature_c", DataTypes.DoubleType, true)
      .add("humidity_pct", DataTypes.DoubleType, true)
      .add("engine_temp_c", DataTypes.DoubleType, true)
      .add("fuel_level_pct", DataTypes.DoubleType, true)
      .add("fault_codes", DataTypes.createArrayType(DataTypes.StringType), true)
      .add("sensors", DataTypes.createArrayType(DataTypes.DoubleType), true);

  /** A case: the rule, the kind, the row values (column -> value), and whether the rule must fire. */
  record Case(String name, String rule, String kind, String column, Object value, boolean fires, Double reported) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() {
    return List.of(
        new Case("env.overheat fires at 45.1", "env.overheat", "env", "temperature_c", 45.1, true, 45.1),
        new Case("env.overheat not at 45", "env.overheat", "env", "temperature_c", 45.0, false, null),
        new Case("env.overheat not on null", "env.overheat", "env", "temperature_c", null, false, null),
        new Case("env.overheat not on NaN", "env.overheat", "env", "temperature_c", Double.NaN, false, null),
        new Case("env.humidity_high fires at 90.5", "env.humidity_high", "env", "humidity_pct", 90.5, true, 90.5),
        new Case("env.humidity_high not at 90", "env.humidity_high", "env", "humidity_pct", 90.0, false, null),
        new Case("env.humidity_high not on null", "env.humidity_high", "env", "humidity_pct", null, false, null),
        new Case("env.humidity_high not on NaN", "env.humidity_high", "env", "humidity_pct", Double.NaN, false, null),
        new Case("truck.engine_overheat fires at 111", "truck.engine_overheat", "truck", "engine_temp_c", 111.0, true, 111.0),
        new Case("truck.engine_overheat not at 110", "truck.engine_overheat", "truck", "engine_temp_c", 110.0, false, null),
        new Case("truck.engine_overheat not on null", "truck.engine_overheat", "truck", "engine_temp_c", null, false, null),
        new Case("truck.engine_overheat not on NaN", "truck.engine_overheat", "truck", "engine_temp_c", Double.NaN, false, null),
        new Case("truck.low_fuel fires at 9.9", "truck.low_fuel", "truck", "fuel_level_pct", 9.9, true, 9.9),
        new Case("truck.low_fuel not at 10", "truck.low_fuel", "truck", "fuel_level_pct", 10.0, false, null),
        new Case("truck.low_fuel not on null", "truck.low_fuel", "truck", "fuel_level_pct", null, false, null),
        new Case("truck.low_fuel not on NaN", "truck.low_fuel", "truck", "fuel_level_pct", Double.NaN, false, null),
        new Case("truck.fault_code fires on two codes", "truck.fault_code", "truck", "fault_codes", List.of("P0217", "P0300"), true, 2.0),
        new Case("truck.fault_code not on none", "truck.fault_code", "truck", "fault_codes", List.of(), false, null),
        new Case("truck.fault_code not on null", "truck.fault_code", "truck", "fault_codes", null, false, null),
        new Case("turbofan.lpt_temp_high fires at s4 1430.5", "turbofan.lpt_temp_high", "turbofan", "sensors", sensors(1430.5), true, 1430.5),
        new Case("turbofan.lpt_temp_high not at s4 1430", "turbofan.lpt_temp_high", "turbofan", "sensors", sensors(1430.0), false, null),
        new Case("turbofan.lpt_temp_high not on null sensors", "turbofan.lpt_temp_high", "turbofan", "sensors", null, false, null),
        new Case("turbofan.lpt_temp_high not on NaN s4", "turbofan.lpt_temp_high", "turbofan", "sensors", sensors(Double.NaN), false, null),
        new Case("turbofan.lpt_temp_high not on 3 sensors", "turbofan.lpt_temp_high", "turbofan", "sensors", List.of(1.0, 2.0, 3.0), false, null),
        // a rule fires only on its own kind, whatever the value
        new Case("env.overheat not on a truck", "env.overheat", "truck", "temperature_c", 99.0, false, null),
        new Case("truck.low_fuel not on an env sensor", "truck.low_fuel", "env", "fuel_level_pct", 1.0, false, null));
  }

  static boolean isNaN(Case c) {
    if (c.value() instanceof Double d) return d.isNaN();
    return c.value() instanceof List<?> l && l.stream().anyMatch(v -> v instanceof Double d && d.isNaN());
  }

  static List<Double> sensors(double s4) {
    List<Double> s = new ArrayList<>();
    for (int i = 1; i <= 21; i++) s.add(i == 4 ? s4 : 500.0 + i);
    return s;
  }

  static List<Row> alerts;

  @BeforeAll
  static void evaluateEveryCase() {
    spark = SparkSessions.create("alert-rules-test", "local[1]");
    List<Case> cases = cases();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) rows.add(row("dev-" + i, i + 1, cases.get(i)));
    alerts = AlertRules.evaluate(spark.createDataFrame(rows, EVENTS)).collectAsList();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static Row row(String device, long seq, Case c) {
    Object[] v = new Object[EVENTS.size()];
    v[0] = device;
    v[1] = seq;
    v[2] = new Timestamp(T + seq);
    v[3] = c.kind();
    Object value = c.value() instanceof List<?> l ? scala.collection.JavaConverters.asScalaBuffer(l).toSeq() : c.value();
    v[EVENTS.fieldIndex(c.column())] = value;
    return RowFactory.create(v);
  }

  static Stream<Arguments> table() {
    List<Case> cases = cases();
    return java.util.stream.IntStream.range(0, cases.size()).mapToObj(i -> Arguments.of(cases.get(i), "dev-" + i, (long) i + 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void eachCaseFiresExactlyWhenItShould(Case c, String device, long seq) {
    List<Row> mine = alerts.stream().filter(r -> r.<String>getAs("device_id").equals(device)).toList();
    if (!c.fires()) {
      assertThat(mine).as("alerts of %s", c).isEmpty();
      return;
    }
    assertThat(mine).hasSize(1);
    Row a = mine.get(0);
    assertThat(a.<String>getAs("rule_id")).isEqualTo(c.rule());
    assertThat(a.<String>getAs("alert_id")).isEqualTo(c.rule() + ":" + device + ":" + seq);
    assertThat(a.<String>getAs("kind")).isEqualTo(c.kind());
    assertThat(a.<Long>getAs("seq")).isEqualTo(seq);
    assertThat(a.<Timestamp>getAs("event_time")).isEqualTo(new Timestamp(T + seq));
    assertThat(a.<Double>getAs("value")).isEqualTo(c.reported());
    assertThat(a.<String>getAs("severity")).isIn("info", "warning", "critical");
    assertThat(a.<String>getAs("message")).isNotBlank();
    assertThat(a.<String>getAs("site")).isNull();
  }

  @Test
  void theTableCoversEveryRuleBothWays() {
    assertThat(cases().stream().filter(Case::fires).map(Case::rule).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(AlertRules.ids());
    assertThat(cases().stream().filter(c -> !c.fires() && c.value() == null).map(Case::rule).collect(Collectors.toSet()))
        .as("a null case per rule").containsExactlyInAnyOrderElementsOf(AlertRules.ids());
    assertThat(cases().stream().filter(AlertRulesTest::isNaN).map(Case::rule).collect(Collectors.toSet()))
        .as("a NaN case per numeric rule").containsExactlyInAnyOrderElementsOf(
            AlertRules.ids().stream().filter(id -> !id.equals("truck.fault_code")).toList());
    assertThat(AlertRules.ids()).doesNotHaveDuplicates();
  }

  @Test
  void theSinglePassColumnRaisesExactlyTheAlertsOfEvaluate() {
    List<Case> cases = cases();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) rows.add(row("dev-" + i, i + 1, cases.get(i)));
    // plus a row that fires two rules at once
    Row first = row("dev-both", 99, cases.get(0));
    Object[] both = new Object[first.length()];
    for (int i = 0; i < both.length; i++) both[i] = first.get(i);
    both[EVENTS.fieldIndex("humidity_pct")] = 95.0;
    rows.add(RowFactory.create(both));
    Dataset<Row> events = spark.createDataFrame(rows, EVENTS);
    Set<String> fromEvaluate = AlertRules.evaluate(events).collectAsList().stream()
        .map(r -> r.getAs("alert_id") + "|" + r.getAs("severity") + "|" + r.getAs("value") + "|" + r.getAs("message"))
        .collect(Collectors.toSet());
    Set<String> fromColumn = new java.util.HashSet<>();
    for (Row r : events.select(org.apache.spark.sql.functions.col("device_id"), org.apache.spark.sql.functions.col("seq"),
        AlertRules.firedColumn().as("fired")).collectAsList()) {
      for (Row f : r.<Row>getList(2)) {
        fromColumn.add(f.getAs("rule_id") + ":" + r.getString(0) + ":" + r.getLong(1) + "|" + f.getAs("severity") + "|"
            + f.getAs("value") + "|" + f.getAs("message"));
      }
    }
    assertThat(fromColumn).isEqualTo(fromEvaluate).hasSize((int) cases.stream().filter(Case::fires).count() + 2);
  }

  @Test
  void messagesNameTheValueAndTheThreshold() {
    Function<String, String> message = rule -> alerts.stream().filter(r -> r.<String>getAs("rule_id").equals(rule))
        .map(r -> r.<String>getAs("message")).findFirst().orElseThrow();
    assertThat(message.apply("env.overheat")).isEqualTo("temperature 45.1 °C above 45 °C");
    assertThat(message.apply("truck.low_fuel")).isEqualTo("fuel level 9.9 % below 10 %");
    assertThat(message.apply("truck.fault_code")).isEqualTo("fault codes P0217,P0300");
    assertThat(message.apply("turbofan.lpt_temp_high")).isEqualTo("LPT outlet temperature s4 1,430.5 °R above 1430.0 °R");
  }

  @Test
  void siteIsPassedThroughWhenTheEventsHaveIt() {
    Dataset<Row> withSite = spark.createDataFrame(List.of(row("env-site", 7, cases().get(0))), EVENTS)
        .withColumn("site", org.apache.spark.sql.functions.lit("plant-a"));
    List<Row> out = AlertRules.evaluate(withSite).collectAsList();
    assertThat(out).extracting(r -> r.<String>getAs("site")).containsExactly("plant-a");
    assertThat(Arrays.asList(AlertRules.evaluate(withSite).columns())).containsExactly(AlertRules.ALERT.fieldNames());
  }
}
