package io.iotlakehouse.dashboard.view;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotlakehouse.dashboard.GoldHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The rolling-average chart: which series exist (for the select boxes) and the windows of one series. */
public final class SeriesView {
  private SeriesView() {}

  /** At most this many windows go to the page (the newest): a line of 2,000 points is already one per pixel. */
  static final int MAX_POINTS = 2000;

  public static ObjectNode catalog(String source, List<GoldHistory.SeriesKey> keys, Duration history) {
    if (keys.isEmpty()) {
      return Panel.empty(source, "The gold table has no window in the last " + human(history) + ": the gold job "
          + "adds a row per device, sensor and 5-minute window as silver receives events");
    }
    Map<String, TreeSet<String>> sensors = new TreeMap<>();
    Map<String, String> kinds = new LinkedHashMap<>();
    for (GoldHistory.SeriesKey k : keys) {
      sensors.computeIfAbsent(k.deviceId(), d -> new TreeSet<>(FleetView::naturalOrder)).add(k.sensor());
      kinds.putIfAbsent(k.deviceId(), k.kind());
    }
    ObjectNode out = Panel.ok(source);
    ArrayNode devices = out.putArray("devices");
    sensors.forEach((device, s) -> {
      ObjectNode d = devices.addObject();
      d.put("device_id", device);
      d.put("kind", Values.text(kinds.get(device)));
      ArrayNode names = d.putArray("sensors");
      s.forEach(names::add);
    });
    return out;
  }

  public static ObjectNode chart(String source, String deviceId, String sensor, List<GoldHistory.Window> windows,
      Duration history) {
    if (windows.isEmpty()) {
      ObjectNode out = Panel.empty(source, "No 5-minute window of " + sensor + " on " + deviceId + " in the last "
          + human(history));
      out.put("device_id", deviceId);
      out.put("sensor", sensor);
      out.putArray("points");
      return out;
    }
    // one point per window start: if the gold job ever wrote a window twice, the one with more events is the later
    Map<Instant, GoldHistory.Window> byStart = new TreeMap<>();
    for (GoldHistory.Window w : windows) {
      byStart.merge(w.windowStart(), w, (a, b) -> b.count() > a.count() ? b : a);
    }
    List<GoldHistory.Window> sorted = byStart.values().stream()
        .sorted(Comparator.comparing(GoldHistory.Window::windowEnd)).toList();
    List<GoldHistory.Window> shown = sorted.subList(Math.max(0, sorted.size() - MAX_POINTS), sorted.size());
    ObjectNode out = Panel.ok(source);
    out.put("device_id", deviceId);
    out.put("sensor", sensor);
    out.put("windows", sorted.size());
    ArrayNode points = out.putArray("points");
    for (GoldHistory.Window w : shown) {
      ObjectNode p = points.addObject();
      p.put("t", w.windowEnd().toEpochMilli());
      p.put("start", w.windowStart().toEpochMilli());
      putFinite(p, "avg", w.avg());
      putFinite(p, "min", w.min());
      putFinite(p, "max", w.max());
      p.put("count", w.count());
    }
    return out;
  }

  private static void putFinite(ObjectNode node, String field, double v) {
    if (Double.isFinite(v)) node.put(field, v);
    else node.putNull(field);
  }

  static String human(Duration d) {
    if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) return d.toDays() + " d";
    if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) return d.toHours() + " h";
    return d.toMinutes() + " min";
  }
}
