package io.iotlakehouse.dashboard.view;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotlakehouse.dashboard.HotData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The fleet panel and the truck map, from the device hashes {@code lh:device:<id>}. */
public final class FleetView {
  private FleetView() {}

  /** Hash fields that describe the event, not a measured value. */
  static final Set<String> META = Set.of("device_id", "kind", "site", "seq", "event_time", "updated_at");

  /** Values shown first, per kind (silver column names); other value fields follow in name order. */
  static final Map<String, List<String>> KEY_VALUES = Map.of(
      "env", List.of("temperature_c", "humidity_pct"),
      "truck", List.of("speed_kmh", "engine_temp_c", "fuel_level_pct", "engine_rpm", "oil_pressure_kpa", "lat", "lon"),
      "turbofan", List.of("unit", "cycle"));

  public static ObjectNode render(String source, HotData.Page page, Instant now) {
    if (page.total() == 0 && page.entries().isEmpty()) {
      return Panel.empty(source, "No device has reported yet: the hot-path job writes each device's latest event to "
          + "lh:device:<id> and lists it in lh:devices. Start the devices and the hot-path job (./lakehouse demo)");
    }
    ObjectNode out = Panel.ok(source);
    out.put("total", page.total());
    out.put("shown", page.entries().size());
    ObjectNode kinds = out.putObject("kinds");
    ArrayNode devices = out.putArray("devices");
    ArrayNode map = out.putArray("map");
    Map<String, Integer> kindCounts = new TreeMap<>();
    for (HotData.Entry e : page.entries()) {
      Map<String, String> f = e.fields();
      String kind = Values.text(f.get("kind"));
      kindCounts.merge(kind.isEmpty() ? "unknown" : kind, 1, Integer::sum);
      ObjectNode d = devices.addObject();
      d.put("device_id", e.id());
      d.put("kind", kind);
      d.put("site", Values.text(f.get("site")));
      Long eventTime = Values.whole(f.get("event_time"));
      long lastSeen = eventTime != null ? eventTime : e.score();
      d.put("last_seen_ms", lastSeen);
      Long age = Values.ageSeconds(lastSeen, now);
      if (age == null) d.putNull("age_s");
      else d.put("age_s", age);
      Long seq = Values.whole(f.get("seq"));
      if (seq == null) d.putNull("seq");
      else d.put("seq", seq);
      d.put("expired", f.isEmpty());
      ArrayNode values = d.putArray("values");
      for (String name : valueOrder(kind, f)) {
        ObjectNode v = values.addObject();
        v.put("name", name);
        Values.putValue(v, "value", f.get(name));
      }
      Double lat = Values.number(f.get("lat"));
      Double lon = Values.number(f.get("lon"));
      if (lat != null && lon != null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
        ObjectNode p = map.addObject();
        p.put("device_id", e.id());
        p.put("kind", kind);
        p.put("lat", lat);
        p.put("lon", lon);
      }
    }
    kindCounts.forEach(kinds::put);
    return out;
  }

  static List<String> valueOrder(String kind, Map<String, String> fields) {
    List<String> order = new ArrayList<>();
    for (String k : KEY_VALUES.getOrDefault(kind, List.of())) if (fields.containsKey(k)) order.add(k);
    new TreeMap<>(fields).keySet().stream()
        .filter(k -> !META.contains(k) && !order.contains(k))
        .sorted(FleetView::naturalOrder)
        .forEach(order::add);
    return order;
  }

  /** s2 before s10: names compared by their text, then by a trailing number. */
  static int naturalOrder(String a, String b) {
    String pa = a.replaceAll("\\d+$", "");
    String pb = b.replaceAll("\\d+$", "");
    int c = pa.compareTo(pb);
    if (c != 0) return c;
    String na = a.substring(pa.length());
    String nb = b.substring(pb.length());
    if (na.isEmpty() || nb.isEmpty() || na.length() > 9 || nb.length() > 9) return a.compareTo(b);
    return Integer.compare(Integer.parseInt(na), Integer.parseInt(nb));
  }
}
