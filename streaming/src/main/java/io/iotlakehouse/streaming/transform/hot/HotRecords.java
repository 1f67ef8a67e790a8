package io.iotlakehouse.streaming.transform.hot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotlakehouse.common.hot.RedisLayout;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * What the hot path writes, as plain values built from Spark rows: one {@link Alert} per fired rule and event, one
 * {@link DeviceState} per device. Field names are those of {@code RedisLayout} (silver column names); timestamps are
 * epoch milliseconds. Absent values (a null site, a null value) are left out of the Redis hashes and written as JSON
 * null.
 */
public final class HotRecords {
  private HotRecords() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One alert: the fields of the hash {@code lh:alert:<alert_id>}, the live channel and the alerts topic. */
  public record Alert(String alertId, String ruleId, String severity, String deviceId, String kind, String site, long seq,
      long eventTimeMillis, Double value, String message, long raisedAtMillis) {

    /** An alert row of {@code AlertRules.evaluate}, with the site and raise time the hot path adds. */
    public static Alert of(Row r, String site, long raisedAtMillis) {
      Object v = r.getAs("value");
      return new Alert(r.getAs("alert_id"), r.getAs("rule_id"), r.getAs("severity"), r.getAs("device_id"), r.getAs("kind"),
          site, r.<Long>getAs("seq"), millis(r.getAs("event_time")), v == null ? null : ((Number) v).doubleValue(),
          r.getAs("message"), raisedAtMillis);
    }

    /**
     * One element of an event's {@code AlertRules.firedColumn()} array, with the event row it belongs to (device_id,
     * seq, event_time, kind).
     */
    public static Alert of(Row event, Row fired, String site, long raisedAtMillis) {
      String rule = fired.getAs("rule_id");
      String device = event.getAs("device_id");
      long seq = event.<Long>getAs("seq");
      Object v = fired.getAs("value");
      return new Alert(RedisLayout.alertId(rule, device, seq), rule, fired.getAs("severity"), device, event.getAs("kind"),
          site, seq, millis(event.getAs("event_time")), v == null ? null : ((Number) v).doubleValue(),
          fired.getAs("message"), raisedAtMillis);
    }

    public Map<String, Object> values() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("alert_id", alertId);
      m.put("rule_id", ruleId);
      m.put("severity", severity);
      m.put("device_id", deviceId);
      m.put("kind", kind);
      m.put("site", site);
      m.put("seq", seq);
      m.put("event_time", eventTimeMillis);
      m.put("value", value == null || value.isNaN() || value.isInfinite() ? null : value);
      m.put("message", message);
      m.put("raised_at", raisedAtMillis);
      return m;
    }

    /** Hash fields: every non-null value as text. */
    public Map<String, String> hashFields() {
      return text(values());
    }

    public String json() {
      return toJson(values());
    }
  }

  /** The latest accepted event of a device: the fields of the hash {@code lh:device:<device_id>}. */
  public record DeviceState(String deviceId, long seq, long eventTimeMillis, String kind, String site,
      Map<String, Object> payload) {

    /** A row of {@link HotPathTransform#events}, with the site the hot path adds. */
    public static DeviceState of(Row r, String site) {
      Map<String, Object> payload = new LinkedHashMap<>();
      for (String c : HotPathTransform.PAYLOAD_COLUMNS) {
        Object v = r.getAs(c);
        if (v != null) payload.put(c, v instanceof scala.collection.Seq<?> s ? scala.collection.JavaConverters.seqAsJavaList(s) : v);
      }
      return new DeviceState(r.getAs("device_id"), r.<Long>getAs("seq"), millis(r.getAs("event_time")), r.getAs("kind"),
          site, payload);
    }

    /** Hash fields at {@code updatedAtMillis}: kind, site, seq, event_time, the payload values, updated_at. */
    public Map<String, String> hashFields(long updatedAtMillis) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", kind);
      m.put("site", site);
      m.put("seq", seq);
      m.put("event_time", eventTimeMillis);
      m.putAll(payload);
      m.put("updated_at", updatedAtMillis);
      return text(m);
    }
  }

  /** Values as Redis hash text: nulls left out, lists as JSON arrays, numbers as Java prints them. */
  static Map<String, String> text(Map<String, Object> values) {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (v == null) return;
      out.put(k, v instanceof List<?> l ? toJson(new ArrayList<>(l)) : String.valueOf(v));
    });
    return out;
  }

  static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON of " + value, e);
    }
  }

  /** Epoch millis of a Spark timestamp value (java.sql.Timestamp or Instant). */
  public static long millis(Object timestamp) {
    if (timestamp instanceof Timestamp ts) return ts.getTime();
    if (timestamp instanceof Instant i) return i.toEpochMilli();
    throw new IllegalArgumentException("expected a timestamp, got " + timestamp);
  }
}
