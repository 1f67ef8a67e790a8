package io.iotlakehouse.batch.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportPageTest {
  private static final List<ReportPage.SiteMonth> SITES = List.of(
      new ReportPage.SiteMonth("plant-a", 10, 7000, 97.22, 250_000, 12, 0, 0, 0),
      new ReportPage.SiteMonth("depot <b>", 50, 30_000, 83.33, 900_000, 340, 41_234.5, 17, 9));

  @Test
  void pageHasTheChartsAndTheTableOfEverySite() {
    String html = ReportPage.html(YearMonth.of(2026, 10), SITES);
    assertThat(html).contains("<title>Fleet report 2026-10</title>")
        .contains("Uptime (% of device-hours reporting)", "Alerts", "Distance driven (km)", "Failures (device x fault code)")
        .contains("<td>plant-a</td><td>10</td><td>7000</td><td>97.22</td><td>250000</td><td>12</td><td>0.0</td><td>0</td><td>0</td>")
        .contains("depot &lt;b&gt;").doesNotContain("depot <b>")
        .contains("97.2%").contains("41235");
    assertThat(html.split("<svg ", -1)).hasSize(5);
    assertThat(ReportPage.html(YearMonth.of(2026, 10), List.of())).contains("No device reported in 2026-10.");
  }

  @Test
  void barsAreScaledToTheLargestValue() {
    ReportPage.Panel alerts = ReportPage.panels(SITES).get(1);
    List<ReportPage.Bar> bars = ReportPage.bars(alerts);
    assertThat(bars.get(1).height()).isEqualTo(ReportPage.PANEL_HEIGHT - 90); // the largest fills the plot
    assertThat(bars.get(0).height()).isEqualTo(Math.round((ReportPage.PANEL_HEIGHT - 90) * 12 / 340.0));
    assertThat(bars.get(0).y() + bars.get(0).height()).isEqualTo(bars.get(1).y() + bars.get(1).height());
    assertThat(ReportPage.bars(ReportPage.panels(SITES).get(2)).get(0).height()).isZero();
  }
}
