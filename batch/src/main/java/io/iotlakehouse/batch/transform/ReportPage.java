package io.iotlakehouse.batch.transform;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;

/**
 * The fleet report as a self-contained HTML page (inline SVG bar charts and a table, no scripts, no external files),
 * and the chart panels both the page and the PNG ({@code io.ReportImage}) draw.
 */
public final class ReportPage {
  private ReportPage() {}

  /** One site's row of the report ({@link FleetReport#SCHEMA}). */
  public record SiteMonth(String site, long devices, long deviceHours, double uptimePct, long events, long alerts,
      double distanceKm, long failures, long devicesWithFaults) {
    public static SiteMonth of(Row r) {
      return new SiteMonth(r.getAs("site"), r.getAs("devices"), r.getAs("device_hours"), r.getAs("uptime_pct"),
          r.getAs("events"), r.getAs("alerts"), r.getAs("distance_km"), r.getAs("failures"), r.getAs("devices_with_faults"));
    }
  }

  /** One bar chart: a value per site. */
  public record Panel(String title, List<String> labels, List<Double> values, String format) {
    public double max() {
      return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    public String label(int i) {
      return String.format(Locale.ROOT, format, values.get(i));
    }
  }

  public static final int PANEL_WIDTH = 480;
  public static final int PANEL_HEIGHT = 300;

  public static List<Panel> panels(List<SiteMonth> sites) {
    List<String> labels = sites.stream().map(SiteMonth::site).toList();
    return List.of(
        new Panel("Uptime (% of device-hours reporting)", labels, sites.stream().map(SiteMonth::uptimePct).toList(), "%.1f%%"),
        new Panel("Alerts", labels, sites.stream().map(s -> (double) s.alerts()).toList(), "%.0f"),
        new Panel("Distance driven (km)", labels, sites.stream().map(SiteMonth::distanceKm).toList(), "%.0f"),
        new Panel("Failures (device x fault code)", labels, sites.stream().map(s -> (double) s.failures()).toList(), "%.0f"));
  }

  public static String html(YearMonth month, List<SiteMonth> sites) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Fleet report ").append(month)
        .append("</title>\n<style>body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse}"
            + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}"
            + ".charts{display:flex;flex-wrap:wrap;gap:16px}</style></head>\n<body>\n<h1>Fleet report ")
        .append(month).append("</h1>\n");
    if (sites.isEmpty()) {
      b.append("<p>No device reported in ").append(month).append(".</p>\n</body></html>\n");
      return b.toString();
    }
    b.append("<div class=\"charts\">\n");
    for (Panel p : panels(sites)) b.append(svg(p)).append('\n');
    b.append("</div>\n<h2>Per site</h2>\n<table>\n<tr><th>site</th><th>devices</th><th>device-hours</th><th>uptime %</th>"
        + "<th>events</th><th>alerts</th><th>distance km</th><th>failures</th><th>devices with faults</th></tr>\n");
    for (SiteMonth s : sites) {
      b.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%d</td><td>%.2f</td><td>%d</td><td>%d</td>"
          + "<td>%.1f</td><td>%d</td><td>%d</td></tr>%n", escape(s.site()), s.devices(), s.deviceHours(), s.uptimePct(),
          s.events(), s.alerts(), s.distanceKm(), s.failures(), s.devicesWithFaults()));
    }
    return b.append("</table>\n</body></html>\n").toString();
  }

  /** Geometry of a panel's bars, shared by the SVG and the PNG. */
  public record Bar(int x, int y, int width, int height) {}

  public static List<Bar> bars(Panel p) {
    int n = p.values().size();
    int left = 20;
    int top = 40;
    int plotHeight = PANEL_HEIGHT - top - 50;
    int slot = (PANEL_WIDTH - 2 * left) / Math.max(1, n);
    double max = p.max() <= 0 ? 1 : p.max();
    List<Bar> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int h = (int) Math.round(plotHeight * Math.max(0, p.values().get(i)) / max);
      out.add(new Bar(left + i * slot + slot / 6, top + plotHeight - h, slot * 2 / 3, h));
    }
    return out;
  }

  static String svg(Panel p) {
    StringBuilder b = new StringBuilder();
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(PANEL_WIDTH).append("\" height=\"")
        .append(PANEL_HEIGHT).append("\" role=\"img\" aria-label=\"").append(escape(p.title())).append("\">")
        .append("<rect width=\"100%\" height=\"100%\" fill=\"#fafafa\" stroke=\"#ddd\"/>")
        .append("<text x=\"20\" y=\"24\" font-size=\"15\" font-weight=\"bold\">").append(escape(p.title())).append("</text>");
    List<Bar> bars = bars(p);
    for (int i = 0; i < bars.size(); i++) {
      Bar r = bars.get(i);
      int cx = r.x() + r.width() / 2;
      b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#3b78c4\"/>",
              r.x(), r.y(), r.width(), r.height()))
          .append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>",
              cx, r.y() - 4, escape(p.label(i))))
          .append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>",
              cx, PANEL_HEIGHT - 30, escape(p.labels().get(i))));
    }
    return b.append("</svg>").toString();
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
