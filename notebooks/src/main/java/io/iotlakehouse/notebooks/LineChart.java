package io.iotlakehouse.notebooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart as self-contained SVG (no script, no network), so it renders in Jupyter, in nbconvert's HTML and on
 * GitHub alike. Pure: series in, markup out.
 *
 * <pre>{@code
 * LineChart chart = new LineChart("temperature_c, env-001", "window start (UTC)", "°C");
 * chart.series("avg", xs, ys);
 * Html.show(chart.svg());
 * }</pre>
 */
public final class LineChart {
  static final int WIDTH = 860;
  static final int HEIGHT = 360;
  static final int LEFT = 64;
  static final int RIGHT = 150;
  static final int TOP = 36;
  static final int BOTTOM = 48;
  private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"};

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();

  /** One line: x values (e.g. epoch millis) and y values of the same length. */
  public record Series(String name, double[] x, double[] y) {
    public Series {
      if (x.length != y.length) {
        throw new IllegalArgumentException("series '" + name + "' has " + x.length + " x values and " + y.length + " y values");
      }
    }
  }

  public LineChart(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  public LineChart series(String name, double[] x, double[] y) {
    series.add(new Series(name, x, y));
    return this;
  }

  public List<Series> series() {
    return List.copyOf(series);
  }

  /**
   * The chart as an {@code <svg class="lakehouse-chart">} element: one {@code <polyline>} per series, axes with
   * min/max ticks, a legend. With {@code timeAxis} the x values are epoch millis shown as UTC times.
   */
  public String svg(boolean timeAxis) {
    double[] xr = range(true);
    double[] yr = range(false);
    if (xr == null) {
      throw new IllegalStateException("chart '" + title + "' has no points: add a series with at least one value");
    }
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "<svg class=\"lakehouse-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
        + "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">", WIDTH, HEIGHT, WIDTH, HEIGHT));
    b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
    b.append(text(WIDTH / 2.0, 20, "middle", "font-size=\"15\" font-weight=\"bold\"", title));
    int plotRight = WIDTH - RIGHT;
    int plotBottom = HEIGHT - BOTTOM;
    b.append(String.format(Locale.ROOT, "<path d=\"M%d %d V%d H%d\" stroke=\"#444\" fill=\"none\"/>", LEFT, TOP, plotBottom, plotRight));
    b.append(text(LEFT - 6, plotBottom, "end", "", number(yr[0])));
    b.append(text(LEFT - 6, TOP + 10, "end", "", number(yr[1])));
    b.append(text(LEFT, plotBottom + 16, "start", "", timeAxis ? time(xr[0]) : number(xr[0])));
    b.append(text(plotRight, plotBottom + 16, "end", "", timeAxis ? time(xr[1]) : number(xr[1])));
    b.append(text((LEFT + plotRight) / 2.0, HEIGHT - 10, "middle", "", xLabel));
    b.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">%s</text>",
        (TOP + plotBottom) / 2.0, (TOP + plotBottom) / 2.0, escape(yLabel)));
    for (int s = 0; s < series.size(); s++) {
      Series line = series.get(s);
      String color = COLORS[s % COLORS.length];
      b.append("<polyline class=\"series\" data-name=\"").append(escape(line.name())).append("\" fill=\"none\" stroke=\"")
          .append(color).append("\" stroke-width=\"1.8\" points=\"");
      for (int i = 0; i < line.x().length; i++) {
        if (Double.isFinite(line.y()[i])) {
          b.append(String.format(Locale.ROOT, "%.1f,%.1f ", scale(line.x()[i], xr, LEFT, plotRight),
              scale(line.y()[i], yr, plotBottom, TOP)));
        }
      }
      b.append("\"/>");
      int ly = TOP + 14 + 18 * s;
      b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>",
          plotRight + 12, ly - 4, plotRight + 32, ly - 4, color));
      b.append(text(plotRight + 38, ly, "start", "", line.name()));
    }
    return b.append("</svg>").toString();
  }

  /** Maps {@code v} in {@code range} onto {@code [from, to]} (a flat range maps to the middle). */
  static double scale(double v, double[] range, double from, double to) {
    double span = range[1] - range[0];
    return span == 0 ? (from + to) / 2 : from + (v - range[0]) / span * (to - from);
  }

  private double[] range(boolean x) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (int i = 0; i < s.x().length; i++) {
        double v = x ? s.x()[i] : s.y()[i];
        if (Double.isFinite(s.y()[i])) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    return min > max ? null : new double[] {min, max};
  }

  private static String text(double x, double y, String anchor, String attrs, String content) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" %s>%s</text>", x, y, anchor, attrs,
        escape(content));
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }

  private static String time(double epochMillis) {
    return java.time.Instant.ofEpochMilli((long) epochMillis).toString().replace("T", " ").replace("Z", "");
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
