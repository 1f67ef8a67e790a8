package io.iotlakehouse.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LineChartTest {
  @Test
  void pointsAreScaledIntoThePlotAreaWithTheHighestValueAtTheTop() {
    String svg = new LineChart("t", "x", "y").series("a", new double[] {0, 5, 10}, new double[] {1, 2, 3}).svg(false);
    int right = LineChart.WIDTH - LineChart.RIGHT;
    int bottom = LineChart.HEIGHT - LineChart.BOTTOM;
    assertThat(svg).startsWith("<svg class=\"lakehouse-chart\"").endsWith("</svg>")
        .contains("points=\"" + LineChart.LEFT + ".0," + bottom + ".0 " + (LineChart.LEFT + right) / 2.0 + ","
            + (LineChart.TOP + bottom) / 2.0 + " " + right + ".0," + LineChart.TOP + ".0 \"");
  }

  @Test
  void oneSeriesPerPolylineWithItsNameInTheLegendAndNonFiniteValuesLeftOut() {
    String svg = new LineChart("t", "x", "y")
        .series("avg", new double[] {1, 2}, new double[] {1, Double.NaN})
        .series("max <&>", new double[] {1, 2}, new double[] {2, 3}).svg(false);
    assertThat(svg.split("<polyline class=\"series\"", -1)).hasSize(3);
    assertThat(svg).contains("data-name=\"avg\"").contains("max &lt;&amp;&gt;").doesNotContain("NaN");
  }

  @Test
  void aTimeAxisShowsUtcTimes() {
    String svg = new LineChart("t", "x", "y").series("a", new double[] {0, 3_600_000}, new double[] {1, 1}).svg(true);
    assertThat(svg).contains("1970-01-01 00:00:00").contains("1970-01-01 01:00:00");
  }

  @Test
  void aFlatSeriesIsDrawnInTheMiddle() {
    assertThat(LineChart.scale(7, new double[] {7, 7}, 0, 100)).isEqualTo(50);
  }

  @Test
  void badInputFailsWithWhatIsWrong() {
    assertThatThrownBy(() -> new LineChart("t", "x", "y").series("a", new double[] {1, 2}, new double[] {1}))
        .hasMessage("series 'a' has 2 x values and 1 y values");
    assertThatThrownBy(() -> new LineChart("empty", "x", "y").svg(false))
        .hasMessageContaining("chart 'empty' has no points");
  }
}
