package io.iotlakehouse.streaming.transform.silver;

import static io.iotlakehouse.streaming.transform.silver.SilverFixtures.T;
import static io.iotlakehouse.streaming.transform.silver.SilverFixtures.avro;
import static io.iotlakehouse.streaming.transform.silver.SilverFixtures.json;
import static io.iotlakehouse.streaming.transform.silver.SilverFixtures.utf8;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.streaming.io.SparkSessions;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 10,000+ hostile payloads mixed with 2,000 good events and 500 exact re-deliveries, through the silver transforms
 * on a static Dataset (seeded: reproducible). Every bronze row must end in exactly one of silver, quarantine and
 * duplicates, with the rule its hostility calls for; the good events must come out unchanged; nothing may throw.
 */
class SilverFuzzTest {
  static final int HOSTILE = 10_000;
  static final int DUPLICATES = 500;
  static final long START = T - 2 * 3_600_000L;
  static final List<String> ENVS = ids("env-%03d", 8);
  static final List<String> TRUCKS = ids("truck-%04d", 8);
  static final List<String> TURBOFANS = ids("turbofan-%03d", 4);
  static final int EVENTS_PER_DEVICE = 100;

  /** One hostile bronze row and the rules it may be quarantined by (null: any rule, as long as it is quarantined). */
  record Hostile(String category, String key, byte[] value, Predicate<String> expected) {}

  static SparkSession spark;
  static final Random random = new Random(20261123);
  static final List<Telemetry> good = new ArrayList<>();
  static final Map<Long, Hostile> hostileByOffset = new HashMap<>();
  static final Set<Long> goodOffsets = new HashSet<>();
  static final Set<Long> duplicateOffsets = new HashSet<>();
  static long bronzeRows;
  static List<Row> silverRows;
  static List<Row> quarantineRows;
  static List<Row> duplicateRows;

  @BeforeAll
  static void run() {
    spark = SparkSessions.create("silver-fuzz-test", "local[2]");
    List<Row> bronze = new ArrayList<>();
    List<byte[]> goodBytes = new ArrayList<>();
    for (int d = 0; d < ENVS.size(); d++) {
      for (int i = 0; i < EVENTS_PER_DEVICE; i++) {
        good.add(SilverFixtures.env(ENVS.get(d), i + 1, START + i * 1000L + d, 15 + random.nextDouble() * 15, 30 + random.nextDouble() * 40));
      }
    }
    for (int d = 0; d < TRUCKS.size(); d++) {
      double lat = 50 + d * 0.3;
      double lon = 8 + d * 0.3;
      for (int i = 0; i < EVENTS_PER_DEVICE; i++) {
        double speed = 60 + random.nextDouble() * 40; // km/h; 1 s per event
        lat += speed / 3600 / 111.2 * (random.nextBoolean() ? 1 : -1) * 0.7;
        lon += speed / 3600 / 111.2 * (random.nextBoolean() ? 1 : -1) * 0.7;
        good.add(SilverFixtures.truck(TRUCKS.get(d), i + 1, START + i * 1000L + d, lat, lon, speed, 900 + speed * 12,
            50, random.nextInt(50) == 0 ? List.of("P0217") : List.of()));
      }
    }
    for (int d = 0; d < TURBOFANS.size(); d++) {
      for (int i = 0; i < EVENTS_PER_DEVICE; i++) good.add(SilverFixtures.turbofan(TURBOFANS.get(d), i + 1, START + i * 1000L + d, d + 1, i + 1));
    }
    for (Telemetry t : good) {
      byte[] bytes = random.nextBoolean() ? avro(t) : json(t);
      goodBytes.add(bytes);
      long offset = add(bronze, t.deviceId(), bytes);
      goodOffsets.add(offset);
    }
    for (int i = 0; i < DUPLICATES; i++) {
      int g = random.nextInt(good.size());
      duplicateOffsets.add(add(bronze, good.get(g).deviceId(), goodBytes.get(g)));
    }
    List<Hostile> hostiles = new ArrayList<>();
    while (hostiles.size() < HOSTILE) hostiles.add(hostile(hostiles));
    for (Hostile h : hostiles) hostileByOffset.put(add(bronze, h.key(), h.value()), h);
    // arrival order is not event order
    java.util.Collections.shuffle(bronze, random);
    bronzeRows = bronze.size();

    List<String> registry = new ArrayList<>(ENVS);
    registry.addAll(TRUCKS);
    registry.addAll(TURBOFANS);
    Dataset<Row> routed = SilverTransform.route(SilverFixtures.bronze(spark, bronze), SilverFixtures.SETTINGS,
        Optional.of(SilverFixtures.registry(spark, registry))).cache();
    silverRows = SilverTransform.silver(routed).collectAsList();
    quarantineRows = SilverTransform.quarantine(routed)
        .select(col("offset"), col("rule_id"), col("reason"), length(col("reason")).as("reason_length")).collectAsList();
    duplicateRows = SilverTransform.duplicates(routed).select("offset", "device_id", "seq").collectAsList();
    routed.unpersist();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static long nextOffset;

  static long add(List<Row> bronze, String key, byte[] value) {
    long offset = nextOffset++;
    bronze.add(SilverFixtures.bronze(key, value, (int) (offset % 4), offset, T));
    return offset;
  }

  @Test
  void everyBronzeRowEndsInExactlyOneTableAndTheCountsReconcile() {
    List<Long> offsets = new ArrayList<>();
    silverRows.forEach(r -> offsets.add(r.<Long>getAs("offset")));
    quarantineRows.forEach(r -> offsets.add(r.<Long>getAs("offset")));
    duplicateRows.forEach(r -> offsets.add(r.<Long>getAs("offset")));
    assertThat(new HashSet<>(offsets)).as("no bronze row in two tables").hasSameSizeAs(offsets);
    assertThat(offsets).as("every bronze row somewhere").hasSize((int) bronzeRows);

    Map<String, Long> byRule = new TreeMap<>();
    quarantineRows.forEach(r -> byRule.merge(r.<String>getAs("rule_id"), 1L, Long::sum));
    System.out.printf("silver fuzz: bronze=%d silver=%d quarantine=%d duplicates=%d%nquarantine by rule: %s%n",
        bronzeRows, silverRows.size(), quarantineRows.size(), duplicateRows.size(), byRule);
    assertThat(silverRows).hasSize(good.size());
    assertThat(quarantineRows).hasSize(HOSTILE);
    assertThat(duplicateRows).hasSize(DUPLICATES);
    assertThat((long) silverRows.size() + quarantineRows.size() + duplicateRows.size()).isEqualTo(bronzeRows);
  }

  @Test
  void everyHostileRowIsQuarantinedByTheRuleItsHostilityCallsFor() {
    Map<String, Integer> perCategory = new TreeMap<>();
    for (Row r : quarantineRows) {
      Hostile h = hostileByOffset.get(r.<Long>getAs("offset"));
      assertThat(h).as("a quarantined row is a hostile one (offset %s)", r.<Long>getAs("offset")).isNotNull();
      String rule = r.getAs("rule_id");
      if (h.expected() != null) assertThat(h.expected().test(rule)).as(h.category() + " quarantined by " + rule + ": " + r.getAs("reason")).isTrue();
      assertThat(r.<String>getAs("reason")).isNotBlank();
      assertThat(r.<Integer>getAs("reason_length")).isLessThanOrEqualTo(1000);
      perCategory.merge(h.category(), 1, Integer::sum);
    }
    System.out.println("silver fuzz: hostile rows per category: " + perCategory);
    assertThat(perCategory.keySet()).hasSizeGreaterThanOrEqualTo(18);
  }

  @Test
  void goodEventsComeOutUnchanged() {
    Map<String, Telemetry> expected = new HashMap<>();
    for (Telemetry t : good) expected.put(t.deviceId() + "#" + t.seq(), t);
    for (Row r : silverRows) {
      Telemetry t = expected.remove(r.<String>getAs("device_id") + "#" + r.<Long>getAs("seq"));
      assertThat(t).as("silver row %s is a good event, once", r).isNotNull();
      assertThat(r.<Timestamp>getAs("event_time").getTime()).isEqualTo(t.eventTimeMillis());
      assertThat(r.<String>getAs("kind")).isEqualTo(t.kind().wireName());
      if (t.payload() instanceof Payload.Env e) {
        assertThat(r.<Double>getAs("temperature_c")).isEqualTo(e.temperatureC());
        assertThat(r.<Double>getAs("humidity_pct")).isEqualTo(e.humidityPct());
      } else if (t.payload() instanceof Payload.Truck tr) {
        assertThat(new double[] {r.getAs("lat"), r.getAs("lon"), r.getAs("speed_kmh"), r.getAs("engine_rpm"),
            r.getAs("engine_temp_c"), r.getAs("oil_pressure_kpa"), r.getAs("fuel_level_pct")})
            .containsExactly(tr.lat(), tr.lon(), tr.speedKmh(), tr.engineRpm(), tr.engineTempC(), tr.oilPressureKpa(), tr.fuelLevelPct());
        assertThat(r.<String>getList(r.fieldIndex("fault_codes"))).isEqualTo(tr.faultCodes());
      } else if (t.payload() instanceof Payload.Turbofan tf) {
        assertThat(r.<Integer>getAs("unit")).isEqualTo(tf.unit());
        assertThat(r.<Integer>getAs("cycle")).isEqualTo(tf.cycle());
        assertThat(r.<Double>getList(r.fieldIndex("sensors"))).isEqualTo(tf.sensors());
      }
    }
    assertThat(expected).as("good events missing from silver").isEmpty();
  }

  @Test
  void duplicatesAreTheRedeliveredCopies() {
    Set<Long> copies = new HashSet<>(goodOffsets);
    copies.addAll(duplicateOffsets);
    assertThat(duplicateRows).allSatisfy(r -> assertThat(copies).contains(r.<Long>getAs("offset")));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // hostile payloads

  static Hostile hostile(List<Hostile> sofar) {
    int c = random.nextInt(20);
    Telemetry base = good.get(random.nextInt(good.size()));
    String key = base.deviceId();
    long freshSeq = 1_000_000 + random.nextInt(1_000_000);
    return switch (c) {
      case 0 -> {
        byte[] b = new byte[random.nextInt(257)];
        random.nextBytes(b);
        yield new Hostile("random bytes", key, b, r -> r.startsWith("decode."));
      }
      case 1 -> {
        byte[] header = Arrays.copyOf(avro(base), 10);
        byte[] b = Arrays.copyOf(header, 10 + random.nextInt(200));
        for (int i = 10; i < b.length; i++) b[i] = (byte) random.nextInt(256);
        yield new Hostile("random body after a valid Avro header", key, b, null);
      }
      case 2 -> {
        byte[] a = avro(base);
        yield new Hostile("truncated Avro", key, Arrays.copyOf(a, 2 + random.nextInt(a.length - 2)), is("decode.undecodable"));
      }
      case 3 -> {
        byte[] a = avro(base);
        a[2 + random.nextInt(8)] ^= (byte) (1 + random.nextInt(255));
        yield new Hostile("unknown schema fingerprint", key, a, is("decode.unknown_schema"));
      }
      case 4 -> new Hostile("Avro declaring a huge string", key,
          io.iotlakehouse.common.event.HostilePayloads.avroDeclaringString(100_000_000L + random.nextInt(Integer.MAX_VALUE - 100_000_000)), is("decode.undecodable"));
      case 5 -> wrongJsonType(base);
      case 6 -> nanOrInfinity(base);
      case 7 -> hugeString(base);
      case 8 -> {
        long ahead = 6 * 60_000L + (long) (random.nextDouble() * 100 * 365 * 86_400_000L);
        long time = random.nextInt(20) == 0 ? Long.MAX_VALUE : T + ahead;
        Telemetry t = withTime(base, freshSeq, time);
        yield new Hostile("future timestamp", key, random.nextBoolean() ? avro(t) : json(t), is("event_time_future"));
      }
      case 9 -> {
        long time = 1 + (long) (random.nextDouble() * (T - 3 * 86_400_000L - 2));
        Telemetry t = withTime(base, freshSeq, time);
        yield new Hostile("ancient timestamp", key, random.nextBoolean() ? avro(t) : json(t), is("event_time_too_old"));
      }
      case 10 -> new Hostile("ISO instant beyond epoch millis", key,
          json(base, o -> o.put("event_time", "+" + (300_000_000 + random.nextInt(600_000_000)) + "-01-01T00:00:00Z")),
          r -> r.equals("decode.undecodable") || r.equals("decode.bad_event_time"));
      case 11 -> {
        Telemetry t = new Telemetry("ghost-" + random.nextInt(100_000), base.seq(), base.eventTimeMillis(), base.payload());
        yield new Hostile("unregistered device", t.deviceId(), random.nextBoolean() ? avro(t) : json(t), is("unknown_device"));
      }
      case 12 -> {
        String other = random.nextBoolean() ? null : TRUCKS.get(random.nextInt(TRUCKS.size())) + "x";
        yield new Hostile("Kafka key of another device", other, avro(base), is("key_mismatch"));
      }
      case 13 -> outOfRange(base, freshSeq);
      case 14 -> {
        // a registered truck teleporting to Cape Town half a second after one of its good fixes
        Telemetry fix = good.get(ENVS.size() * EVENTS_PER_DEVICE + random.nextInt(TRUCKS.size() * EVENTS_PER_DEVICE));
        Telemetry t = SilverFixtures.truck(fix.deviceId(), freshSeq, fix.eventTimeMillis() + 500, -33.92 + random.nextDouble(), 18.42, 80, 1800, 50, List.of());
        yield new Hostile("GPS teleport", fix.deviceId(), random.nextBoolean() ? avro(t) : json(t), is("gps_jump"));
      }
      case 15 -> {
        int depth = 1001 + random.nextInt(5000);
        String nested = "{\"device_id\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
        yield new Hostile("deeply nested JSON", key, utf8(nested), is("decode.undecodable"));
      }
      case 16 -> new Hostile("empty or null value", key, random.nextBoolean() ? null : new byte[0], is("decode.empty"));
      case 17 -> {
        // same (device_id, seq) and time as a good event, but a broken value: quarantined, the good one unaffected
        Telemetry t = SilverFixtures.env("env-001", 1 + random.nextInt(EVENTS_PER_DEVICE), START, 20, 50);
        Telemetry clash = new Telemetry(t.deviceId(), t.seq(), good.get((int) t.seq() - 1).eventTimeMillis(), new Payload.Env(20, 250));
        yield new Hostile("seq of a good event, humidity 250", "env-001", avro(clash), is("humidity_range"));
      }
      case 18 -> {
        byte[] b = avro(base);
        b[10] |= (byte) 0x80; // device_id's length varint now runs into the id: a length far beyond the payload
        yield new Hostile("continuation bit set in an Avro length", key, b, is("decode.undecodable"));
      }
      default -> {
        if (sofar.isEmpty()) yield hostile(sofar);
        Hostile copy = sofar.get(random.nextInt(sofar.size()));
        if (copy.category().equals("GPS teleport")) yield hostile(sofar); // its copy is a duplicate: judged once
        yield new Hostile("copy of a hostile row", copy.key(), copy.value(), copy.expected());
      }
    };
  }

  static Hostile wrongJsonType(Telemetry base) {
    int v = random.nextInt(12);
    Consumer<ObjectNode> edit;
    String rule;
    switch (v) {
      case 0 -> { edit = o -> o.put("device_id", random.nextInt()); rule = "decode.missing_device_id"; }
      case 1 -> { edit = o -> o.putArray("device_id").add(base.deviceId()); rule = "decode.missing_device_id"; }
      case 2 -> { edit = o -> o.put("seq", "one"); rule = "decode.bad_seq"; }
      case 3 -> { edit = o -> o.put("seq", 1.5 + random.nextInt(100)); rule = "decode.bad_seq"; }
      case 4 -> { edit = o -> o.put("seq", -1 - random.nextInt(1000)); rule = "decode.bad_seq"; }
      case 5 -> { edit = o -> o.put("event_time", true); rule = "decode.bad_event_time"; }
      case 6 -> { edit = o -> o.putObject("event_time"); rule = "decode.bad_event_time"; }
      case 7 -> { edit = o -> o.put("kind", 7); rule = "decode.bad_payload"; }
      case 8 -> { edit = o -> o.putArray("payload"); rule = "decode.bad_payload"; }
      case 9 -> {
        edit = o -> {
          ObjectNode p = (ObjectNode) o.get("payload");
          String field = p.fieldNames().next();
          if (random.nextBoolean()) p.put(field, "NaN");
          else p.putNull(field);
        };
        rule = "decode.bad_payload";
      }
      case 10 -> { edit = o -> o.put("seq", "1e400"); rule = "decode.bad_seq"; }
      default -> { edit = o -> o.remove("kind"); rule = "decode.bad_payload"; }
    }
    return new Hostile("wrong JSON types", base.deviceId(), json(base, edit), is(rule));
  }

  static Hostile nanOrInfinity(Telemetry base) {
    double bad = switch (random.nextInt(3)) {
      case 0 -> Double.NaN;
      case 1 -> Double.POSITIVE_INFINITY;
      default -> Double.NEGATIVE_INFINITY;
    };
    Payload p = base.payload();
    Payload broken;
    if (p instanceof Payload.Env e) {
      broken = random.nextBoolean() ? new Payload.Env(bad, e.humidityPct()) : new Payload.Env(e.temperatureC(), bad);
    } else if (p instanceof Payload.Truck t) {
      broken = new Payload.Truck(t.lat(), t.lon(), t.speedKmh(), t.engineRpm(), bad, t.oilPressureKpa(), t.fuelLevelPct(), t.faultCodes());
    } else {
      Payload.Turbofan t = (Payload.Turbofan) p;
      List<Double> sensors = new ArrayList<>(t.sensors());
      sensors.set(random.nextInt(sensors.size()), bad);
      broken = new Payload.Turbofan(t.unit(), t.cycle(), t.settings(), sensors);
    }
    // same (device_id, seq) as a good event: a "duplicate seq" with other content, which must not displace it
    Telemetry t = new Telemetry(base.deviceId(), base.seq(), base.eventTimeMillis(), broken);
    if (random.nextBoolean()) return new Hostile("NaN or Infinity (Avro)", base.deviceId(), avro(t), is("not_finite"));
    // JSON has no NaN; a number too large for a double reads as Infinity
    byte[] j = json(new Telemetry(base.deviceId(), base.seq(), base.eventTimeMillis(), new Payload.Env(1.5, 2.5)),
        o -> ((ObjectNode) o.get("payload")).put("temperature_c", new java.math.BigDecimal("1e400")));
    return new Hostile("1e400 in JSON", base.deviceId(), j, r -> r.equals("not_finite") || r.equals("decode.bad_payload"));
  }

  static Hostile hugeString(Telemetry base) {
    int size = random.nextInt(200) == 0 ? 2_000_000 : 1_000 + random.nextInt(20_000);
    String huge = SilverFixtures.repeat((char) ('a' + random.nextInt(26)), size);
    return switch (random.nextInt(4)) {
      case 0 -> new Hostile("huge device_id", base.deviceId(), json(base, o -> o.put("device_id", huge)), is("decode.missing_device_id"));
      case 1 -> new Hostile("huge kind", base.deviceId(), json(base, o -> o.put("kind", huge)), is("decode.bad_payload"));
      case 2 -> new Hostile("huge event_time string", base.deviceId(), json(base, o -> o.put("event_time", huge)), is("decode.bad_event_time"));
      default -> {
        Telemetry t = SilverFixtures.truck(TRUCKS.get(0), 2_000_000 + random.nextInt(1000), T - 60_000, 50, 8, 50, 1500, 50, List.of("P0300", huge));
        yield new Hostile("huge fault code (Avro)", t.deviceId(), avro(t), is("fault_codes_invalid"));
      }
    };
  }

  static Hostile outOfRange(Telemetry base, long seq) {
    long time = T - 60_000;
    double over = 0.5 + random.nextDouble() * 1e6;
    Telemetry t;
    String rule;
    switch (random.nextInt(8)) {
      case 0 -> { t = SilverFixtures.env("env-002", seq, time, 85 + over, 50); rule = "temperature_range"; }
      case 1 -> { t = SilverFixtures.env("env-002", seq, time, 20, -over); rule = "humidity_range"; }
      case 2 -> { t = SilverFixtures.truck("truck-0002", seq, time, 90 + over, 8); rule = "lat_range"; }
      case 3 -> { t = SilverFixtures.truck("truck-0002", seq, time, 50, -180 - over); rule = "lon_range"; }
      case 4 -> { t = SilverFixtures.truck("truck-0002", seq, time, 50, 8, 200 + over, 2000, 50, List.of()); rule = "speed_range"; }
      case 5 -> { t = SilverFixtures.truck("truck-0002", seq, time, 50, 8, 50, 8000 + over, 50, List.of()); rule = "rpm_range"; }
      case 6 -> { t = SilverFixtures.truck("truck-0002", seq, time, 50, 8, 50, 2000, -over, List.of()); rule = "fuel_level_range"; }
      default -> { t = SilverFixtures.turbofan("turbofan-002", seq, time, 0, 1); rule = "turbofan_counter_range"; }
    }
    return new Hostile("out of range", t.deviceId(), random.nextBoolean() ? avro(t) : json(t), is(rule));
  }

  static Telemetry withTime(Telemetry t, long seq, long time) {
    return new Telemetry(t.deviceId(), seq, time, t.payload());
  }

  static Predicate<String> is(String rule) {
    return r -> r.equals(rule);
  }

  static List<String> ids(String format, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) out.add(String.format(format, i));
    return out;
  }
}
