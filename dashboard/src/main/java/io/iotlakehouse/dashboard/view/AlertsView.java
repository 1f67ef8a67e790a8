package io.iotlakehouse.dashboard.view;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotlakehouse.dashboard.HotData;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The active-alerts panel, newest first, from {@code lh:alerts} and the {@code lh:alert:<id>} hashes. */
public final class AlertsView {
  private AlertsView() {}

  public static ObjectNode render(String source, HotData.Page page, Instant now) {
    ObjectNode out = Panel.ok(source);
    ArrayNode alerts = out.putArray("alerts");
    Map<String, Integer> bySeverity = new TreeMap<>();
    // entries arrive newest first (sorted-set score = event_time); a member whose hash expired is no longer active
    for (HotData.Entry e : page.entries()) {
      Map<String, String> f = e.fields();
      if (f.isEmpty()) continue;
      String severity = Values.text(f.get("severity")).toLowerCase(Locale.ROOT);
      bySeverity.merge(severity.isEmpty() ? "unknown" : severity, 1, Integer::sum);
      ObjectNode a = alerts.addObject();
      a.put("alert_id", e.id());
      a.put("severity", severity);
      a.put("level", level(severity));
      a.put("rule_id", Values.text(f.get("rule_id")));
      a.put("device_id", Values.text(f.get("device_id")));
      a.put("kind", Values.text(f.get("kind")));
      a.put("site", Values.text(f.get("site")));
      Values.putValue(a, "value", f.get("value"));
      a.put("message", Values.text(f.get("message")));
      Long eventTime = Values.whole(f.get("event_time"));
      a.put("event_time_ms", eventTime != null ? eventTime : e.score());
      Long raised = Values.whole(f.get("raised_at"));
      if (raised == null) a.putNull("raised_at_ms");
      else a.put("raised_at_ms", raised);
      Long age = Values.ageSeconds(eventTime != null ? eventTime : e.score(), now);
      if (age == null) a.putNull("age_s");
      else a.put("age_s", age);
    }
    if (alerts.isEmpty()) {
      return Panel.empty(source, "No active alerts: the hot-path job raises them from the alert rules and lists "
          + "them in lh:alerts until they expire");
    }
    out.put("total", page.total());
    out.put("shown", alerts.size());
    ObjectNode sev = out.putObject("by_severity");
    bySeverity.forEach(sev::put);
    return out;
  }

  /**
   * The style class of a severity, from a fixed list: severities are data written by others, so they are never
   * used as class names themselves.
   */
  static String level(String severity) {
    switch (severity) {
      case "critical":
      case "error":
      case "high":
        return "critical";
      case "warning":
      case "warn":
      case "medium":
        return "warning";
      case "info":
      case "low":
        return "info";
      default:
        return "other";
    }
  }
}
