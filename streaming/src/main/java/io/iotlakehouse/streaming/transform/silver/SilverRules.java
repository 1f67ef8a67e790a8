package io.iotlakehouse.streaming.transform.silver;

import io.iotlakehouse.common.event.DeviceKind;
import io.iotlakehouse.common.event.MalformedEventException;
import io.iotlakehouse.common.event.MalformedEventException.Reason;
import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.streaming.SilverKeys;
import io.iotlakehouse.streaming.transform.silver.ValidationRule.EventCheck;
import io.iotlakehouse.streaming.transform.silver.ValidationRule.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

/**
 * Every silver validation rule, in the order rows are judged: a row that breaks several rules is quarantined once,
 * with the first rule it breaks in this list. The README's rules table is checked against this list by a test.
 */
public final class SilverRules {
  private SilverRules() {}

  /** A truck faster than this between two GPS fixes has a GPS glitch, not a driver in a hurry. */
  public static final double MAX_GPS_SPEED_KMH = 300;
  /** Fault codes are short diagnostic trouble codes such as P0217. */
  static final Pattern FAULT_CODE = Pattern.compile("[A-Za-z0-9_-]{1,16}");
  static final int MAX_FAULT_CODES = 32;
  /** The last millisecond of year 9999: later instants do not fit Spark timestamps (micros in a long) or dates. */
  static final long MAX_EVENT_TIME_MILLIS = 253_402_300_799_999L;

  private static final Set<DeviceKind> ALL_KINDS = EnumSet.allOf(DeviceKind.class);
  private static final Set<DeviceKind> ENV = EnumSet.of(DeviceKind.ENV);
  private static final Set<DeviceKind> TRUCK = EnumSet.of(DeviceKind.TRUCK);
  private static final Set<DeviceKind> TURBOFAN = EnumSet.of(DeviceKind.TURBOFAN);

  public static final String KEY_MISMATCH = "key_mismatch";
  public static final String EVENT_TIME_FUTURE = "event_time_future";
  public static final String EVENT_TIME_TOO_OLD = "event_time_too_old";
  public static final String NOT_FINITE = "not_finite";
  public static final String UNKNOWN_DEVICE = "unknown_device";
  public static final String LATE_EVENT = "late_event";
  public static final String GPS_JUMP = "gps_jump";

  private static final List<ValidationRule> ALL = List.of(
      decode(Reason.EMPTY, "the bronze value is neither null nor empty"),
      decode(Reason.UNKNOWN_FORMAT, "the value is Avro single-object encoded (0xC3 0x01 ...) or a JSON object"),
      decode(Reason.UNKNOWN_SCHEMA, "the Avro schema fingerprint is a known telemetry schema version"),
      decode(Reason.UNDECODABLE, "the bytes decode: complete Avro whose lengths fit the payload, or parseable JSON"),
      decode(Reason.MISSING_DEVICE_ID, "device_id is present, a string, and 1-64 of [A-Za-z0-9._-] starting alphanumeric"),
      decode(Reason.BAD_SEQ, "seq is present, a whole number and >= 1"),
      decode(Reason.BAD_EVENT_TIME, "event_time is present and positive epoch millis or an ISO-8601 instant"),
      decode(Reason.BAD_PAYLOAD,
          "kind is env, truck or turbofan and every payload field of that kind is present, non-null and of its type "
              + "(turbofan: 3 settings, 21 sensors)"),
      event(KEY_MISMATCH, ALL_KINDS,
          "the bronze key (Kafka key) equals the decoded device_id: per-device order and state rely on it",
          (e, c) -> Objects.equals(c.kafkaKey(), e.deviceId()) ? null
              : "the Kafka key " + (c.kafkaKey() == null ? "is missing" : "'" + abbreviate(c.kafkaKey()) + "' differs")
                  + " but the event's device_id is '" + e.deviceId() + "': the producer did not key the record by device"),
      event(EVENT_TIME_FUTURE, ALL_KINDS,
          "event_time is at most `" + SilverKeys.FUTURE_SKEW.name() + "` after the bronze ingest time",
          (e, c) -> e.eventTimeMillis() <= Math.min(c.ingestTimeMillis() + c.settings().futureSkewMillis(), MAX_EVENT_TIME_MILLIS)
              ? null
              : "event_time " + instant(e.eventTimeMillis()) + " is " + duration(e.eventTimeMillis() - c.ingestTimeMillis())
                  + " after its ingest time " + instant(c.ingestTimeMillis()) + ", more than "
                  + SilverKeys.FUTURE_SKEW.name() + " (" + duration(c.settings().futureSkewMillis())
                  + "): the device clock is wrong"),
      event(EVENT_TIME_TOO_OLD, ALL_KINDS,
          "event_time is at most `" + SilverKeys.LATE_BOUND.name() + "` before the bronze ingest time",
          (e, c) -> e.eventTimeMillis() >= c.ingestTimeMillis() - c.settings().lateBoundMillis() ? null
              : "event_time " + instant(e.eventTimeMillis()) + " is " + duration(c.ingestTimeMillis() - e.eventTimeMillis())
                  + " before its ingest time " + instant(c.ingestTimeMillis()) + ", more than "
                  + SilverKeys.LATE_BOUND.name() + " (" + duration(c.settings().lateBoundMillis())
                  + "): a wrong device clock or an event beyond silver's dedupe horizon; raise the bound and reprocess "
                  + "bronze if it is genuine"),
      event(NOT_FINITE, ALL_KINDS, "every numeric payload field is finite (no NaN, no +-Infinity); turbofan: all "
          + "settings and sensors", SilverRules::notFinite),
      range("temperature_range", ENV, "temperature_c", -50, 85, "°C", p -> ((Payload.Env) p).temperatureC()),
      range("humidity_range", ENV, "humidity_pct", 0, 100, "%", p -> ((Payload.Env) p).humidityPct()),
      range("lat_range", TRUCK, "lat", -90, 90, "°", p -> ((Payload.Truck) p).lat()),
      range("lon_range", TRUCK, "lon", -180, 180, "°", p -> ((Payload.Truck) p).lon()),
      range("speed_range", TRUCK, "speed_kmh", 0, 200, "km/h", p -> ((Payload.Truck) p).speedKmh()),
      range("rpm_range", TRUCK, "engine_rpm", 0, 8000, "rpm", p -> ((Payload.Truck) p).engineRpm()),
      range("fuel_level_range", TRUCK, "fuel_level_pct", 0, 100, "%", p -> ((Payload.Truck) p).fuelLevelPct()),
      event("fault_codes_invalid", TRUCK,
          "at most " + MAX_FAULT_CODES + " fault codes, each 1-16 of [A-Za-z0-9_-] (e.g. P0217)", SilverRules::faultCodes),
      event("turbofan_counter_range", TURBOFAN, "unit >= 1 and cycle >= 1",
          (e, c) -> {
            Payload.Turbofan t = (Payload.Turbofan) e.payload();
            return t.unit() >= 1 && t.cycle() >= 1 ? null
                : "unit " + t.unit() + " and cycle " + t.cycle() + " must both be >= 1 (C-MAPSS counts from 1)";
          }),
      new ValidationRule(UNKNOWN_DEVICE, Stage.REGISTRY, ALL_KINDS,
          "device_id is in the device registry table (`" + SilverKeys.DEVICE_REGISTRY.name()
              + "`); every device passes when that table does not exist", null),
      new ValidationRule(LATE_EVENT, Stage.STATE, ALL_KINDS,
          "event_time is not behind silver's watermark (latest accepted event_time minus late-bound + future-skew); "
              + "a safety net: events passing event_time_too_old normally cannot be behind it", null),
      new ValidationRule(GPS_JUMP, Stage.STATE, TRUCK,
          "the distance from the truck's previous accepted GPS fix, over the time between them, implies at most "
              + (int) MAX_GPS_SPEED_KMH + " km/h (time floored at 1 s)", null));

  private static final List<ValidationRule> EVENT_RULES = ALL.stream().filter(r -> r.stage() == Stage.EVENT).toList();

  /** Every rule, in judging order. */
  public static List<ValidationRule> all() {
    return ALL;
  }

  /** The rules of stage EVENT, in judging order. */
  public static List<ValidationRule> eventRules() {
    return EVENT_RULES;
  }

  public static ValidationRule byId(String id) {
    return ALL.stream().filter(r -> r.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no silver rule " + id));
  }

  /** The quarantine rule id of a decoding failure: {@code decode.<codec reason code>}. */
  public static String decodeRuleId(MalformedEventException e) {
    return decodeRuleId(e.reason());
  }

  static String decodeRuleId(Reason reason) {
    return "decode." + reason.name().toLowerCase(Locale.ROOT);
  }

  private static ValidationRule decode(Reason reason, String description) {
    return new ValidationRule(decodeRuleId(reason), Stage.DECODE, ALL_KINDS, description, null);
  }

  private static ValidationRule event(String id, Set<DeviceKind> kinds, String description, EventCheck check) {
    return new ValidationRule(id, Stage.EVENT, kinds, description, check);
  }

  private static ValidationRule range(
      String id, Set<DeviceKind> kinds, String field, double min, double max, String unit, PayloadField value) {
    String bounds = fmt(min) + ".." + fmt(max) + " " + unit;
    String kind = kinds.iterator().next().wireName();
    return event(id, kinds, field + " within " + bounds, (e, c) -> {
      double v = value.applyAsDouble(e.payload());
      return v >= min && v <= max ? null
          : field + " is " + fmt(v) + ", outside the plausible range " + bounds + " of a " + kind + " device";
    });
  }

  /** Reads one number of a payload (serializable, like the rules that use it). */
  @FunctionalInterface
  interface PayloadField extends ToDoubleFunction<Payload>, java.io.Serializable {}

  private static String notFinite(Telemetry e, ValidationRule.Context c) {
    List<String> bad = new ArrayList<>();
    Payload p = e.payload();
    if (p instanceof Payload.Env env) {
      finite(bad, "temperature_c", env.temperatureC());
      finite(bad, "humidity_pct", env.humidityPct());
    } else if (p instanceof Payload.Truck t) {
      finite(bad, "lat", t.lat());
      finite(bad, "lon", t.lon());
      finite(bad, "speed_kmh", t.speedKmh());
      finite(bad, "engine_rpm", t.engineRpm());
      finite(bad, "engine_temp_c", t.engineTempC());
      finite(bad, "oil_pressure_kpa", t.oilPressureKpa());
      finite(bad, "fuel_level_pct", t.fuelLevelPct());
    } else if (p instanceof Payload.Turbofan t) {
      for (int i = 0; i < t.settings().size(); i++) finite(bad, "settings[" + i + "]", t.settings().get(i));
      for (int i = 0; i < t.sensors().size(); i++) finite(bad, "sensors[" + i + "] (s" + (i + 1) + ")", t.sensors().get(i));
    }
    if (bad.isEmpty()) return null;
    return (bad.size() == 1 ? bad.get(0) + " is not a finite number" : String.join(", ", bad) + " are not finite numbers")
        + ": a sensor fault or a bug in the device's encoder";
  }

  private static void finite(List<String> bad, String field, double v) {
    if (!Double.isFinite(v)) bad.add(field + " (" + v + ")");
  }

  private static String faultCodes(Telemetry e, ValidationRule.Context c) {
    List<String> codes = ((Payload.Truck) e.payload()).faultCodes();
    if (codes.size() > MAX_FAULT_CODES) {
      return codes.size() + " fault codes, more than " + MAX_FAULT_CODES + ": not a diagnostic report";
    }
    for (String code : codes) {
      if (code == null || !FAULT_CODE.matcher(code).matches()) {
        return "fault code " + (code == null ? "null" : "'" + abbreviate(code) + "' (" + code.length() + " chars)")
            + " is not 1-16 of [A-Za-z0-9_-] like P0217";
      }
    }
    return null;
  }

  static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    return Double.toString(v);
  }

  /** An instant as ISO-8601, or the raw millis when out of Instant's range (never throws). */
  static String instant(long millis) {
    try {
      return Instant.ofEpochMilli(millis).toString();
    } catch (RuntimeException e) {
      return millis + " ms since the epoch";
    }
  }

  /** A non-negative duration in words, e.g. 3d 4h, 5m 12s, 250ms. */
  static String duration(long millis) {
    if (millis < 0) return "-" + duration(millis == Long.MIN_VALUE ? Long.MAX_VALUE : -millis);
    if (millis < 1000) return millis + "ms";
    long s = millis / 1000;
    long d = s / 86400;
    long h = s % 86400 / 3600;
    long m = s % 3600 / 60;
    long sec = s % 60;
    if (d > 0) return d + "d" + (h > 0 ? " " + h + "h" : "");
    if (h > 0) return h + "h" + (m > 0 ? " " + m + "m" : "");
    if (m > 0) return m + "m" + (sec > 0 ? " " + sec + "s" : "");
    return sec + "s";
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
