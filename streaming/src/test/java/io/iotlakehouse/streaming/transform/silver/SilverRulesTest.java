package io.iotlakehouse.streaming.transform.silver;

import static io.iotlakehouse.streaming.transform.silver.SilverFixtures.T;
import static io.iotlakehouse.streaming.transform.silver.SilverFixtures.avro;
import static io.iotlakehouse.common.event.HostilePayloads.avroDeclaringString;
import static io.iotlakehouse.streaming.transform.silver.SilverFixtures.env;
import static io.iotlakehouse.streaming.transform.silver.SilverFixtures.json;
import static io.iotlakehouse.streaming.transform.silver.SilverFixtures.repeat;
import static io.iotlakehouse.streaming.transform.silver.SilverFixtures.truck;
import static io.iotlakehouse.streaming.transform.silver.SilverFixtures.turbofan;
import static io.iotlakehouse.streaming.transform.silver.SilverFixtures.turbofanWithSensor;
import static io.iotlakehouse.streaming.transform.silver.SilverFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.streaming.io.SparkSessions;
import io.iotlakehouse.streaming.transform.silver.ValidationRule.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every validation rule, table-driven: each case is one bronze row with the route, rule id and reason it must get.
 * All cases go through {@link SilverTransform#route} together, once, like one micro-batch.
 */
class SilverRulesTest {
  static final String SILVER = SilverSchemas.ROUTE_SILVER;
  static final String QUARANTINE = SilverSchemas.ROUTE_QUARANTINE;
  static final String DUPLICATE = SilverSchemas.ROUTE_DUPLICATE;
  static final List<String> REGISTERED = List.of(
      "env-001", "env-002", "truck-0001", "truck-0002", "truck-0003", "turbofan-001", "turbofan-002");

  record Case(String name, String key, byte[] value, String route, String rule, String reasonPart) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case pass(String name, Telemetry t, byte[] value) {
    return new Case(name, t.deviceId(), value, SILVER, null, null);
  }

  static Case fail(String name, String key, byte[] value, String rule, String reasonPart) {
    return new Case(name, key, value, QUARANTINE, rule, reasonPart);
  }

  static final long M = 60_000;
  static final Telemetry ENV_OK = env("env-001", 1, T - M, 21.5, 40);
  static final Telemetry TRUCK_BERLIN = truck("truck-0001", 1, T - 60_000, 52.5200, 13.4050);
  static final Telemetry TRUCK_MUNICH = truck("truck-0001", 3, T - 40_000, 48.1372, 11.5756);

  static final List<Case> CASES = List.of(
      // valid rows of every kind and format, and values on the bounds
      pass("valid env, JSON", ENV_OK, json(ENV_OK)),
      pass("valid env, Avro", env("env-001", 2, T - M + 1000, 21.6, 40), avro(env("env-001", 2, T - M + 1000, 21.6, 40))),
      pass("valid truck, JSON", TRUCK_BERLIN, json(TRUCK_BERLIN)),
      pass("valid truck 10 s later, Avro", truck("truck-0001", 2, T - 50_000, 52.5205, 13.4055),
          avro(truck("truck-0001", 2, T - 50_000, 52.5205, 13.4055))),
      pass("valid turbofan, JSON", turbofan("turbofan-001", 1, T - M, 1, 1), json(turbofan("turbofan-001", 1, T - M, 1, 1))),
      pass("valid turbofan, Avro", turbofan("turbofan-001", 2, T - M + 1, 1, 2), avro(turbofan("turbofan-001", 2, T - M + 1, 1, 2))),
      pass("env on the upper bounds", env("env-002", 1, T - M, 85, 100), avro(env("env-002", 1, T - M, 85, 100))),
      pass("env on the lower bounds", env("env-002", 2, T - M + 1, -50, 0), avro(env("env-002", 2, T - M + 1, -50, 0))),
      pass("event_time exactly future-skew ahead", env("env-002", 3, T + 5 * M, 20, 50), json(env("env-002", 3, T + 5 * M, 20, 50))),
      pass("event_time exactly late-bound old", env("env-002", 4, T - 3 * 1440 * M, 20, 50),
          json(env("env-002", 4, T - 3 * 1440 * M, 20, 50))),
      pass("truck on every bound, two fault codes",
          truck("truck-0002", 1, T - M, 90, 180, 200, 8000, 100, List.of("P0217", "P0300")),
          avro(truck("truck-0002", 1, T - M, 90, 180, 200, 8000, 100, List.of("P0217", "P0300")))),
      pass("truck at the other lat/lon bound", truck("truck-0003", 1, T - M, -90, -180, 0, 0, 0, List.of()),
          json(truck("truck-0003", 1, T - M, -90, -180, 0, 0, 0, List.of()))),
      // decoding: envelope, types, nulls
      fail("null value", "env-001", null, "decode.empty", "empty payload"),
      fail("empty value", "env-001", new byte[0], "decode.empty", "empty payload"),
      fail("plain text", "env-001", utf8("hello"), "decode.unknown_format", "neither Avro"),
      fail("JSON array", "env-001", utf8("[1,2,3]"), "decode.unknown_format", "neither Avro"),
      fail("Avro with an unknown schema fingerprint", "env-001", unknownFingerprint(), "decode.unknown_schema", "not a known version"),
      fail("truncated Avro", "env-001", Arrays.copyOf(avro(ENV_OK), avro(ENV_OK).length - 3), "decode.undecodable",
          "humidity_pct needs 8 bytes but only 6 remain"), // v2: the last byte is firmware_version's null branch
      fail("Avro declaring a 1 GB string", "env-001", avroDeclaringString(1_000_000_000L), "decode.undecodable",
          "declares 1000000000 bytes"),
      fail("broken JSON", "env-001", utf8("{\"device_id\": \"env-001\", "), "decode.undecodable", "JSON does not parse"),
      fail("JSON without device_id", "env-001", json(ENV_OK, o -> o.remove("device_id")), "decode.missing_device_id", "no string device_id"),
      fail("JSON device_id null", "env-001", json(ENV_OK, o -> o.putNull("device_id")), "decode.missing_device_id", "no string device_id"),
      fail("JSON device_id a number", "env-001", json(ENV_OK, o -> o.put("device_id", 42)), "decode.missing_device_id", "device_id"),
      fail("device_id with a space", "env-001", json(ENV_OK, o -> o.put("device_id", "env 001")), "decode.missing_device_id",
          "is not 1-64 of"),
      fail("device_id of 100,000 chars", "env-001", json(ENV_OK, o -> o.put("device_id", repeat('e', 100_000))),
          "decode.missing_device_id", "..."),
      fail("seq 0", "env-001", json(ENV_OK, o -> o.put("seq", 0)), "decode.bad_seq", "seq must be >= 1"),
      fail("seq a string", "env-001", json(ENV_OK, o -> o.put("seq", "one")), "decode.bad_seq", "whole number"),
      fail("seq null", "env-001", json(ENV_OK, o -> o.putNull("seq")), "decode.bad_seq", "whole number"),
      fail("event_time not a time", "env-001", json(ENV_OK, o -> o.put("event_time", "yesterday")), "decode.bad_event_time",
          "epoch millis or an ISO-8601"),
      fail("event_time missing", "env-001", json(ENV_OK, o -> o.remove("event_time")), "decode.bad_event_time", "event_time"),
      fail("unknown kind", "env-001", json(ENV_OK, o -> o.put("kind", "toaster")), "decode.bad_payload", "kind must be one of"),
      fail("temperature a string", "env-001", json(ENV_OK, o -> ((com.fasterxml.jackson.databind.node.ObjectNode) o.get("payload"))
          .put("temperature_c", "warm")), "decode.bad_payload", "payload.temperature_c must be a number"),
      fail("temperature null", "env-001", json(ENV_OK, o -> ((com.fasterxml.jackson.databind.node.ObjectNode) o.get("payload"))
          .putNull("temperature_c")), "decode.bad_payload", "payload.temperature_c must be a number"),
      fail("payload missing", "env-001", json(ENV_OK, o -> o.remove("payload")), "decode.bad_payload", "payload object missing"),
      fail("turbofan with 20 sensors", "turbofan-001", json(turbofan("turbofan-001", 9, T, 1, 9),
          o -> ((com.fasterxml.jackson.databind.node.ArrayNode) o.get("payload").get("sensors")).remove(0)),
          "decode.bad_payload", "array of 21 numbers"),
      // per-event rules
      fail("Kafka key of another device", "env-002", json(env("env-001", 10, T - M, 20, 50)), SilverRules.KEY_MISMATCH,
          "'env-002' differs but the event's device_id is 'env-001'"),
      fail("no Kafka key", null, json(env("env-001", 11, T - M, 20, 50)), SilverRules.KEY_MISMATCH, "Kafka key is missing"),
      fail("event_time an hour ahead", "env-001", json(env("env-001", 12, T + 60 * M, 20, 50)), SilverRules.EVENT_TIME_FUTURE,
          "is 1h after its ingest time 2026-11-23T12:00:00Z"),
      fail("event_time at the end of time", "env-001", json(env("env-001", 13, Long.MAX_VALUE, 20, 50)),
          SilverRules.EVENT_TIME_FUTURE, "the device clock is wrong"),
      fail("event_time four days old", "env-001", avro(env("env-001", 14, T - 4 * 1440 * M, 20, 50)),
          SilverRules.EVENT_TIME_TOO_OLD, "is 4d before its ingest time"),
      fail("event_time in 1971", "env-001", json(env("env-001", 15, 31_536_000_000L, 20, 50)), SilverRules.EVENT_TIME_TOO_OLD,
          "1971-01-01T00:00:00Z"),
      fail("NaN temperature (Avro)", "env-001", avro(env("env-001", 16, T - M, Double.NaN, 50)), SilverRules.NOT_FINITE,
          "temperature_c (NaN) is not a finite number"),
      fail("1e400 humidity is Infinity (JSON)", "env-001", utf8(new String(json(env("env-001", 17, T - M, 20, 50)))
          .replace("\"humidity_pct\":50.0", "\"humidity_pct\":1e400")), SilverRules.NOT_FINITE, "humidity_pct (Infinity)"),
      fail("truck speed -Infinity", "truck-0001", avro(truck("truck-0001", 20, T - 45_000, 52.52, 13.405,
          Double.NEGATIVE_INFINITY, 1000, 50, List.of())), SilverRules.NOT_FINITE, "speed_kmh (-Infinity)"),
      fail("turbofan sensor s7 NaN", "turbofan-002", avro(turbofanWithSensor("turbofan-002", 1, T - M, 6, Double.NaN)),
          SilverRules.NOT_FINITE, "sensors[6] (s7) (NaN)"),
      fail("temperature 85.5", "env-001", json(env("env-001", 18, T - M, 85.5, 50)), "temperature_range",
          "temperature_c is 85.5, outside the plausible range -50..85 °C"),
      fail("temperature -60", "env-001", json(env("env-001", 19, T - M, -60, 50)), "temperature_range", "temperature_c is -60"),
      fail("humidity 100.1", "env-001", avro(env("env-001", 21, T - M, 20, 100.1)), "humidity_range", "humidity_pct is 100.1"),
      fail("humidity -0.1", "env-001", avro(env("env-001", 22, T - M, 20, -0.1)), "humidity_range", "humidity_pct is -0.1"),
      fail("latitude 90.5", "truck-0001", json(truck("truck-0001", 21, T - 45_000, 90.5, 13.4)), "lat_range", "lat is 90.5"),
      fail("longitude -180.5", "truck-0001", json(truck("truck-0001", 22, T - 45_000, 52.5, -180.5)), "lon_range", "lon is -180.5"),
      fail("speed 200.5", "truck-0001", avro(truck("truck-0001", 23, T - 45_000, 52.52, 13.405, 200.5, 3000, 50, List.of())),
          "speed_range", "speed_kmh is 200.5"),
      fail("speed -1", "truck-0001", avro(truck("truck-0001", 24, T - 45_000, 52.52, 13.405, -1, 3000, 50, List.of())),
          "speed_range", "speed_kmh is -1"),
      fail("rpm 8001", "truck-0001", avro(truck("truck-0001", 25, T - 45_000, 52.52, 13.405, 50, 8001, 50, List.of())),
          "rpm_range", "engine_rpm is 8001"),
      fail("fuel 101 %", "truck-0001", avro(truck("truck-0001", 26, T - 45_000, 52.52, 13.405, 50, 2000, 101, List.of())),
          "fuel_level_range", "fuel_level_pct is 101"),
      fail("fault code of 200,000 chars", "truck-0001", avro(truck("truck-0001", 27, T - 45_000, 52.52, 13.405, 50, 2000, 50,
          List.of("P0217", repeat('X', 200_000)))), "fault_codes_invalid", "(200000 chars)"),
      fail("33 fault codes", "truck-0001", json(truck("truck-0001", 28, T - 45_000, 52.52, 13.405, 50, 2000, 50,
          Collections.nCopies(33, "P0300"))), "fault_codes_invalid", "33 fault codes, more than 32"),
      fail("empty fault code", "truck-0001", json(truck("truck-0001", 29, T - 45_000, 52.52, 13.405, 50, 2000, 50,
          List.of(""))), "fault_codes_invalid", "fault code ''"),
      fail("turbofan unit 0", "turbofan-001", json(turbofan("turbofan-001", 10, T - M, 0, 5)), "turbofan_counter_range",
          "unit 0 and cycle 5 must both be >= 1"),
      fail("turbofan cycle -1", "turbofan-001", avro(turbofan("turbofan-001", 11, T - M, 1, -1)), "turbofan_counter_range",
          "cycle -1"),
      // registry
      fail("unregistered device", "env-999", json(env("env-999", 1, T - M, 20, 50)), SilverRules.UNKNOWN_DEVICE,
          "device_id 'env-999' is not in the device registry"),
      // per-device state: duplicates and GPS jumps
      new Case("exact copy of a silver event", "env-001", json(ENV_OK), DUPLICATE, null, null),
      fail("truck 500 km away 20 s later", "truck-0001", json(TRUCK_MUNICH), SilverRules.GPS_JUMP,
          "km/h, faster than the 300 km/h a truck can go"),
      pass("next fix near the last accepted one, not the glitch", truck("truck-0001", 4, T - 30_000, 52.5210, 13.4060),
          avro(truck("truck-0001", 4, T - 30_000, 52.5210, 13.4060))),
      new Case("copy of the GPS-jump event: judged once", "truck-0001", avro(TRUCK_MUNICH), DUPLICATE, null, null));

  static SparkSession spark;
  static Map<Long, Row> routedByOffset;
  static Dataset<Row> bronze;
  static Dataset<Row> routed;

  @BeforeAll
  static void route() {
    spark = SparkSessions.create("silver-rules-test", "local[2]");
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < CASES.size(); i++) rows.add(SilverFixtures.bronze(CASES.get(i).key(), CASES.get(i).value(), 2, i, T));
    bronze = SilverFixtures.bronze(spark, rows);
    routedByOffset = new HashMap<>();
    routed = SilverTransform.route(bronze, SilverFixtures.SETTINGS, Optional.of(SilverFixtures.registry(spark, REGISTERED))).cache();
    for (Row r : routed.collectAsList()) {
      assertThat(routedByOffset.put(r.getLong(r.fieldIndex("offset")), r)).as("each bronze row routed once").isNull();
    }
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static Stream<Case> cases() {
    return CASES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachRowGetsItsRouteRuleAndReason(Case c) {
    Row r = routedByOffset.get((long) CASES.indexOf(c));
    assertThat(r).as("routed row").isNotNull();
    assertThat(r.<String>getAs("route")).as("route").isEqualTo(c.route());
    assertThat(r.<String>getAs("rule_id")).as("rule_id").isEqualTo(c.rule());
    if (c.reasonPart() == null) {
      assertThat(r.<String>getAs("reason")).isNull();
    } else {
      assertThat(r.<String>getAs("reason")).as("reason").contains(c.reasonPart()).hasSizeLessThanOrEqualTo(1000);
    }
  }

  @Test
  void everyDeclaredRuleHasACaseHereOrInTheStateTest() {
    Set<String> covered = CASES.stream().map(Case::rule).filter(r -> r != null).collect(Collectors.toCollection(TreeSet::new));
    covered.add(SilverRules.LATE_EVENT); // needs a watermark: DeviceStateFunctionTest and SilverJobTest
    assertThat(covered).containsExactlyInAnyOrderElementsOf(SilverRules.all().stream().map(ValidationRule::id).toList());
  }

  @Test
  void rulesAreDeclaredInStageOrderWithUniqueIdsAndPredicatesExactlyForEventRules() {
    List<ValidationRule> all = SilverRules.all();
    assertThat(all.stream().map(ValidationRule::id).distinct().count()).isEqualTo(all.size());
    List<Stage> stages = all.stream().map(ValidationRule::stage).toList();
    assertThat(stages).isSortedAccordingTo(Enum::compareTo);
    assertThat(all).allSatisfy(r -> assertThat(r.check() != null).isEqualTo(r.stage() == Stage.EVENT));
  }

  @Test
  void theReadmeRulesTableListsEveryRule() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    assertThat(readme).contains("## Silver");
    for (ValidationRule r : SilverRules.all()) assertThat(readme).as("README row for " + r.id()).contains("| `" + r.id() + "` |");
  }

  @Test
  void silverRowsCarryEveryFieldOfTheEventTyped() {
    Dataset<Row> silver = SilverTransform.silver(routed);
    assertThat(silver.schema().fieldNames()).containsExactly(SilverSchemas.SILVER.fieldNames());
    Map<String, Row> byId = new HashMap<>();
    for (Row r : silver.collectAsList()) byId.put(r.getString(0) + "#" + r.getLong(1), r);
    assertThat(byId).hasSize((int) CASES.stream().filter(c -> c.route().equals(SILVER)).count());

    Row e = byId.get("env-001#1");
    assertThat(e.<Timestamp>getAs("event_time").getTime()).isEqualTo(ENV_OK.eventTimeMillis());
    assertThat(e.<String>getAs("kind")).isEqualTo("env");
    assertThat(e.<String>getAs("format")).isEqualTo("json");
    assertThat(e.<Integer>getAs("schema_version")).isEqualTo(1);
    assertThat(e.<Double>getAs("temperature_c")).isEqualTo(21.5);
    assertThat(e.<Double>getAs("humidity_pct")).isEqualTo(40.0);
    assertThat(e.<Object>getAs("lat")).isNull();
    assertThat(e.<java.sql.Date>getAs("event_date")).isEqualTo(java.sql.Date.valueOf("2026-11-23"));
    assertThat(e.<String>getAs("topic")).isEqualTo(SilverFixtures.TOPIC);
    assertThat(e.<Long>getAs("offset")).isEqualTo(0L);

    Row t = byId.get("truck-0002#1");
    assertThat(t.<String>getAs("format")).isEqualTo("avro");
    assertThat(t.<Double>getAs("lat")).isEqualTo(90.0);
    assertThat(t.<Double>getAs("engine_rpm")).isEqualTo(8000.0);
    assertThat(t.<Double>getAs("oil_pressure_kpa")).isEqualTo(340.2);
    assertThat(t.getList(t.fieldIndex("fault_codes"))).containsExactly("P0217", "P0300");
    assertThat(t.<Object>getAs("temperature_c")).isNull();

    Row f = byId.get("turbofan-001#2");
    Payload.Turbofan expected = (Payload.Turbofan) turbofan("turbofan-001", 2, T - M + 1, 1, 2).payload();
    assertThat(f.<Integer>getAs("unit")).isEqualTo(1);
    assertThat(f.<Integer>getAs("cycle")).isEqualTo(2);
    assertThat(f.<Double>getList(f.fieldIndex("settings"))).containsExactlyElementsOf(expected.settings());
    assertThat(f.<Double>getList(f.fieldIndex("sensors"))).containsExactlyElementsOf(expected.sensors());
  }

  @Test
  void quarantineRowsKeepTheRawBytesAndWhereTheyCameFrom() {
    Map<Long, Row> q = new HashMap<>();
    for (Row r : SilverTransform.quarantine(routed).collectAsList()) q.put(r.<Long>getAs("offset"), r);
    assertThat(q).hasSize((int) CASES.stream().filter(c -> c.route().equals(QUARANTINE)).count());
    for (int i = 0; i < CASES.size(); i++) {
      Case c = CASES.get(i);
      if (!c.route().equals(QUARANTINE)) continue;
      Row r = q.get((long) i);
      assertThat(r.<byte[]>getAs("value")).as(c.name()).isEqualTo(c.value());
      assertThat(r.<String>getAs("key")).as(c.name()).isEqualTo(c.key());
      assertThat(r.<String>getAs("topic")).isEqualTo(SilverFixtures.TOPIC);
      assertThat(r.<Integer>getAs("partition")).isEqualTo(2);
      assertThat(r.<Timestamp>getAs("ingest_time").getTime()).isEqualTo(T);
    }
    // decoded fields are kept when known, null when not
    Row nan = q.get((long) indexOf("NaN temperature (Avro)"));
    assertThat(nan.<String>getAs("device_id")).isEqualTo("env-001");
    assertThat(nan.<Long>getAs("seq")).isEqualTo(16L);
    assertThat(nan.<String>getAs("kind")).isEqualTo("env");
    Row broken = q.get((long) indexOf("broken JSON"));
    assertThat(broken.<String>getAs("device_id")).isNull();
    assertThat(broken.<Object>getAs("seq")).isNull();
    Row endOfTime = q.get((long) indexOf("event_time at the end of time"));
    assertThat(endOfTime.<Object>getAs("event_time")).as("not representable as a Spark timestamp").isNull();
    assertThat(endOfTime.<Long>getAs("seq")).isEqualTo(13L);
  }

  @Test
  void withoutARegistryEveryDeviceIsKnown() {
    Case unregistered = CASES.get(indexOf("unregistered device"));
    Dataset<Row> one = SilverFixtures.bronze(spark, List.of(SilverFixtures.bronze(unregistered.key(), unregistered.value(), 0, 0, T)));
    List<Row> open = SilverTransform.route(one, SilverFixtures.SETTINGS, Optional.empty()).collectAsList();
    assertThat(open).singleElement().satisfies(r -> assertThat(r.<String>getAs("route")).isEqualTo(SILVER));
  }

  @Test
  void theTablesPartitionTheBronzeRows() {
    Map<String, Long> counts = new HashMap<>();
    for (Row r : routed.groupBy("route").count().collectAsList()) counts.put(r.getString(0), r.getLong(1));
    Map<String, Long> expected = CASES.stream().collect(Collectors.groupingBy(Case::route, Collectors.counting()));
    assertThat(counts).isEqualTo(expected);
    assertThat(expected.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(CASES.size());
    assertThat(SilverTransform.duplicates(routed).schema().fieldNames()).containsExactly(SilverSchemas.DUPLICATES.fieldNames());
    assertThat(SilverTransform.quarantine(routed).schema().fieldNames()).containsExactly(SilverSchemas.QUARANTINE.fieldNames());
  }

  static int indexOf(String name) {
    for (int i = 0; i < CASES.size(); i++) if (CASES.get(i).name().equals(name)) return i;
    throw new IllegalArgumentException(name);
  }

  static byte[] unknownFingerprint() {
    byte[] b = avro(ENV_OK);
    b[2] ^= 0x5A;
    return b;
  }
}
