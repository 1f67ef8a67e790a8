package io.iotlakehouse.notebooks;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.rapaio.jupyter.kernel.global.Global;

/** Rich output for notebook cells: HTML tables of Datasets and charts, shown through the Java kernel's display. */
public final class Html {
  private Html() {}

  /** Shows {@code html} as the cell's output (text/html). */
  public static void show(String html) {
    Global.display("text/html", html);
  }

  /** Shows the chart (SVG; with {@code timeAxis} the x values are epoch millis). */
  public static void show(LineChart chart, boolean timeAxis) {
    show(chart.svg(timeAxis));
  }

  /** Shows the first {@code maxRows} rows of {@code rows} as a table. */
  public static void show(Dataset<Row> rows, int maxRows) {
    show(table(rows.columns(), rows.limit(maxRows).collectAsList()));
  }

  /** An HTML table of {@code rows} under the header {@code columns}; nulls show as empty cells. */
  public static String table(String[] columns, List<Row> rows) {
    StringBuilder b = new StringBuilder("<table class=\"lakehouse-table\"><thead><tr>");
    for (String c : columns) {
      b.append("<th>").append(LineChart.escape(c)).append("</th>");
    }
    b.append("</tr></thead><tbody>");
    for (Row r : rows) {
      b.append("<tr>");
      for (int i = 0; i < r.length(); i++) {
        Object v = r.get(i);
        b.append("<td>").append(v == null ? "" : LineChart.escape(String.valueOf(v))).append("</td>");
      }
      b.append("</tr>");
    }
    return b.append("</tbody></table>").toString();
  }
}
