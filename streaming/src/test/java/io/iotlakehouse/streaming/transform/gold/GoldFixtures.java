package io.iotlakehouse.streaming.transform.gold;

import io.iotlakehouse.streaming.transform.silver.SilverSchemas;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * Silver rows for gold tests, and the gold tables computed again in plain Java (no Spark) from the same rows: the
 * references gold is compared with.
 */
public final class GoldFixtures {
  private GoldFixtures() {}

  private static long nextOffset;

  /** A silver telemetry row ({@link SilverSchemas#SILVER}); {@code values} are payload columns by name. */
  public static Row silver(String deviceId, long seq, long millis, String kind, String site, Map<String, Object> values) {
    Object[] v = new Object[SilverSchemas.SILVER.size()];
    Timestamp t = new Timestamp(millis);
    for (int i = 0; i < v.length; i++) {
      StructField f = SilverSchemas.SILVER.fields()[i];
      v[i] = switch (f.name()) {
        case "device_id" -> deviceId;
        case "seq" -> seq;
        case "event_time" -> t;
        case "kind" -> kind;
        case "format" -> "avro";
        case "schema_version" -> 1;
        case "site" -> site;
        case "event_date" -> Date.valueOf(Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate());
        case "topic" -> "iot-telemetry";
        case "partition" -> 0;
        case "offset" -> nextOffset++;
        case "ingest_time" -> new Timestamp(millis + 1000);
        default -> values.get(f.name());
      };
    }
    return new GenericRowWithSchema(v, SilverSchemas.SILVER);
  }

  public static Row env(String id, long seq, long millis, String site, double temperature, double humidity) {
    return silver(id, seq, millis, "env", site, Map.of("temperature_c", temperature, "humidity_pct", humidity));
  }

  public static Row truck(String id, long seq, long millis, String site, double lat, double lon, double speed, double rpm,
      double engineTemp, double oil, double fuel, List<String> faultCodes) {
    Map<String, Object> m = new HashMap<>();
    m.put("lat", lat);
    m.put("lon", lon);
    m.put("speed_kmh", speed);
    m.put("engine_rpm", rpm);
    m.put("engine_temp_c", engineTemp);
    m.put("oil_pressure_kpa", oil);
    m.put("fuel_level_pct", fuel);
    m.put("fault_codes", scala.collection.JavaConverters.asScalaBuffer(new ArrayList<>(faultCodes)).toSeq());
    return silver(id, seq, millis, "truck", site, m);
  }

  /** A turbofan row; {@code sensors} are s1..s21. */
  public static Row turbofan(String id, long seq, long millis, String site, int unit, int cycle, double[] sensors) {
    List<Double> s = new ArrayList<>();
    for (double d : sensors) s.add(d);
    Map<String, Object> m = new HashMap<>();
    m.put("unit", unit);
    m.put("cycle", cycle);
    m.put("settings", scala.collection.JavaConverters.asScalaBuffer(new ArrayList<>(List.of(-0.0007, -0.0004, 100.0))).toSeq());
    m.put("sensors", scala.collection.JavaConverters.asScalaBuffer(s).toSeq());
    return silver(id, seq, millis, "turbofan", site, m);
  }

  public static Dataset<Row> frame(SparkSession spark, List<Row> rows) {
    return spark.createDataFrame(rows, SilverSchemas.SILVER);
  }

  // ------------------------------------------------------------------------------------------------------------------
  // plain-Java references

  static String kind(Row r) {
    return r.getAs("kind");
  }

  static long millis(Row r) {
    return ((Timestamp) r.getAs("event_time")).getTime();
  }

  static double sensor(Row r, int n) {
    return r.<scala.collection.Seq<Double>>getAs("sensors").apply(n - 1);
  }

  /** The sensors of a row, in catalog order: name -> value. */
  public static Map<String, Double> readings(Row r) {
    Map<String, Double> out = new LinkedHashMap<>();
    switch (kind(r)) {
      case "env" -> {
        out.put("temperature_c", r.getAs("temperature_c"));
        out.put("humidity_pct", r.getAs("humidity_pct"));
      }
      case "truck" -> {
        for (String c : List.of("speed_kmh", "engine_rpm", "engine_temp_c", "oil_pressure_kpa", "fuel_level_pct")) {
          out.put(c, r.getAs(c));
        }
      }
      default -> {
        for (int n : GoldSensors.TURBOFAN_HEALTH_SENSORS) out.put("s" + n, sensor(r, n));
      }
    }
    return out;
  }

  /** One window of one sensor, as the reference computes it. */
  public record WindowStat(String deviceId, String kind, String site, String sensor, long start, double avg, double min,
      double max, long count) {
    public String key() {
      return deviceId + "|" + sensor + "|" + Instant.ofEpochMilli(start);
    }
  }

  /** Every 5-minute window (slide {@code slideMillis}) of every sensor of every row. */
  public static Map<String, WindowStat> rollingReference(List<Row> rows, long slideMillis) {
    long window = 5 * 60_000L;
    Map<String, List<Row>> byWindow = new TreeMap<>();
    Map<String, Object[]> meta = new HashMap<>();
    for (Row r : rows) {
      long t = millis(r);
      long last = Math.floorDiv(t, slideMillis) * slideMillis;
      for (long start = last; start > t - window; start -= slideMillis) {
        for (String sensor : readings(r).keySet()) {
          String key = r.getAs("device_id") + "|" + sensor + "|" + Instant.ofEpochMilli(start);
          byWindow.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
          meta.put(key, new Object[] {r.getAs("device_id"), kind(r), sensor, start});
        }
      }
    }
    Map<String, WindowStat> out = new TreeMap<>();
    for (Map.Entry<String, List<Row>> e : byWindow.entrySet()) {
      Object[] m = meta.get(e.getKey());
      String sensor = (String) m[2];
      double sum = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      Row latest = null;
      for (Row r : e.getValue()) {
        double v = readings(r).get(sensor);
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
        if (latest == null || millis(r) > millis(latest)
            || (millis(r) == millis(latest) && r.<Long>getAs("seq") > latest.<Long>getAs("seq"))) {
          latest = r;
        }
      }
      int n = e.getValue().size();
      out.put(e.getKey(), new WindowStat((String) m[0], (String) m[1], latest.getAs("site"), sensor, (Long) m[3], sum / n,
          min, max, n));
    }
    return out;
  }

  /** Great-circle distance (haversine), as silver's GPS rule computes it. */
  public static double haversineKm(double lat1, double lon1, double lat2, double lon2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLon = Math.toRadians(lon2 - lon1);
    double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
        + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  /** One (site, hour) of fleet_kpis_hourly, as the reference computes it; {@code alerts} is given by the caller. */
  public record HourStat(String site, long hour, long activeDevices, long events, double distanceKm, Double avgSpeed,
      Double avgFuel, Double minFuel, Double avgEngineTemp, Double maxEngineTemp, Double avgTemperature) {
    public String key() {
      return site + "|" + Instant.ofEpochMilli(hour);
    }
  }

  /**
   * Every (site, hour) of the rows in {@code hoursOf} (the rows counted), with truck distances whose previous fix is
   * searched among {@code fixes} (all rows a truck's previous fix may be).
   */
  public static Map<String, HourStat> fleetReference(List<Row> counted, List<Row> fixes) {
    long hourMs = 3_600_000L;
    Map<String, Double> segment = new HashMap<>();
    Map<String, List<Row>> byTruck = new HashMap<>();
    for (Row r : fixes) if (kind(r).equals("truck")) byTruck.computeIfAbsent(r.getAs("device_id"), k -> new ArrayList<>()).add(r);
    for (List<Row> truck : byTruck.values()) {
      truck.sort(Comparator.comparingLong(GoldFixtures::millis).thenComparingLong(r -> r.<Long>getAs("seq")));
      for (int i = 1; i < truck.size(); i++) {
        Row p = truck.get(i - 1);
        Row r = truck.get(i);
        double km = millis(r) - millis(p) <= hourMs
            ? haversineKm(p.getAs("lat"), p.getAs("lon"), r.getAs("lat"), r.getAs("lon")) : 0.0;
        segment.put(r.getAs("device_id") + "#" + r.getAs("seq"), km);
      }
    }
    Map<String, List<Row>> groups = new TreeMap<>();
    for (Row r : counted) {
      String site = r.getAs("site") == null ? "unassigned" : r.getAs("site");
      groups.computeIfAbsent(site + "|" + Math.floorDiv(millis(r), hourMs) * hourMs, k -> new ArrayList<>()).add(r);
    }
    Map<String, HourStat> out = new TreeMap<>();
    for (List<Row> g : groups.values()) {
      Row first = g.get(0);
      String site = first.getAs("site") == null ? "unassigned" : first.getAs("site");
      long hour = Math.floorDiv(millis(first), hourMs) * hourMs;
      double distance = 0;
      List<Double> speed = new ArrayList<>();
      List<Double> fuel = new ArrayList<>();
      List<Double> engine = new ArrayList<>();
      List<Double> temp = new ArrayList<>();
      java.util.Set<String> devices = new java.util.HashSet<>();
      for (Row r : g) {
        devices.add(r.getAs("device_id"));
        if (kind(r).equals("truck")) {
          distance += segment.getOrDefault(r.getAs("device_id") + "#" + r.getAs("seq"), 0.0);
          speed.add(r.getAs("speed_kmh"));
          fuel.add(r.getAs("fuel_level_pct"));
          engine.add(r.getAs("engine_temp_c"));
        } else if (kind(r).equals("env")) {
          temp.add(r.getAs("temperature_c"));
        }
      }
      HourStat h = new HourStat(site, hour, devices.size(), g.size(), distance, mean(speed), mean(fuel),
          fuel.stream().min(Double::compare).orElse(null), mean(engine), engine.stream().max(Double::compare).orElse(null),
          mean(temp));
      out.put(h.key(), h);
    }
    return out;
  }

  static Double mean(List<Double> v) {
    if (v.isEmpty()) return null;
    double s = 0;
    for (double d : v) s += d;
    return s / v.size();
  }

  /** One (device, cycle) of turbofan_health, as the reference computes it: sensor name -> {mean, std, slope}. */
  public record CycleStat(String deviceId, int cycle, long seq, long cyclesSoFar, int windowCycles,
      Map<String, double[]> stats) {
    public String key() {
      return deviceId + "|" + cycle;
    }
  }

  /** Every cycle of every turbofan: one row per (device, cycle) (latest event_time, then seq), windows of k reported cycles. */
  public static Map<String, CycleStat> healthReference(List<Row> rows, int k) {
    Map<String, TreeMap<Integer, Row>> byDevice = new TreeMap<>();
    for (Row r : rows) {
      if (!kind(r).equals("turbofan")) continue;
      TreeMap<Integer, Row> cycles = byDevice.computeIfAbsent(r.getAs("device_id"), d -> new TreeMap<>());
      int c = r.getAs("cycle");
      Row old = cycles.get(c);
      if (old == null || millis(r) > millis(old)
          || (millis(r) == millis(old) && r.<Long>getAs("seq") > old.<Long>getAs("seq"))) {
        cycles.put(c, r);
      }
    }
    Map<String, CycleStat> out = new TreeMap<>();
    for (TreeMap<Integer, Row> cycles : byDevice.values()) {
      List<Row> series = new ArrayList<>(cycles.values());
      for (int i = 0; i < series.size(); i++) {
        int from = Math.max(0, i - k + 1);
        Map<String, double[]> stats = new LinkedHashMap<>();
        for (int n : GoldSensors.TURBOFAN_HEALTH_SENSORS) {
          int len = i - from + 1;
          double[] x = new double[len];
          double[] y = new double[len];
          for (int j = from; j <= i; j++) {
            x[j - from] = series.get(j).<Integer>getAs("cycle");
            y[j - from] = sensor(series.get(j), n);
          }
          stats.put("s" + n, new double[] {avg(y), std(y), slope(x, y)});
        }
        Row r = series.get(i);
        CycleStat s = new CycleStat(r.getAs("device_id"), r.getAs("cycle"), r.getAs("seq"), i + 1, i - from + 1, stats);
        out.put(s.key(), s);
      }
    }
    return out;
  }

  static double avg(double[] y) {
    double s = 0;
    for (double v : y) s += v;
    return s / y.length;
  }

  static double std(double[] y) {
    if (y.length < 2) return 0;
    double m = avg(y);
    double ss = 0;
    for (double v : y) ss += (v - m) * (v - m);
    return Math.sqrt(ss / y.length);
  }

  static double slope(double[] x, double[] y) {
    if (x.length < 2) return 0;
    double mx = avg(x);
    double my = avg(y);
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
    }
    return sxx == 0 ? 0 : sxy / sxx;
  }

  /** Deterministic pseudo-random numbers (a tiny LCG), so fixtures are the same on every run. */
  public static final class Numbers {
    private long state;

    public Numbers(long seed) {
      this.state = seed;
    }

    /** Uniform in [lo, hi). */
    public double next(double lo, double hi) {
      state = state * 6364136223846793005L + 1442695040888963407L;
      double u = ((state >>> 11) & ((1L << 53) - 1)) / (double) (1L << 53);
      return lo + u * (hi - lo);
    }
  }

  /** A C-MAPSS-like sensor vector for a cycle: each sensor drifts linearly with the cycle plus noise. */
  public static double[] turbofanSensors(Numbers rnd, int cycle) {
    double[] s = new double[21];
    for (int i = 0; i < 21; i++) {
      s[i] = 500 + 40 * i + 0.05 * (i % 5) * cycle + rnd.next(-0.5, 0.5);
    }
    return s;
  }

  static boolean same(Object a, Object b) {
    return Objects.equals(a, b);
  }
}
