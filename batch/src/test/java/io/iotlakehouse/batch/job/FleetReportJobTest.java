package io.iotlakehouse.batch.job;

import static io.iotlakehouse.batch.TestLake.delta;
import static io.iotlakehouse.batch.TestLake.spark;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.batch.TestLake;
import io.iotlakehouse.batch.transform.ReportPage.SiteMonth;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.streaming.io.DeltaTables;
import io.iotlakehouse.streaming.io.GoldTables;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.job.GoldJob;
import io.iotlakehouse.streaming.job.SilverJob;
import io.iotlakehouse.streaming.transform.silver.SilverSchemas;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monthly fleet report: per site uptime, alerts, distance and failures from gold's hourly KPIs and silver, written
 * to its table (a rerun replaces the month) and rendered as HTML and PNG.
 */
class FleetReportJobTest {
  @TempDir Path dir;

  @Test
  void reportPerSiteFromGoldAndSilver() throws Exception {
    Config config = TestLake.config(dir.resolve("lake"), "batch.report.month=2026-10", "batch.report.dir=" + dir.resolve("out"));
    Lake lake = Lake.from(config);
    GoldTables.in(lake).ensure(spark(), GoldJob.settings(config));
    String silver = SilverJob.Paths.from(config).silver();
    DeltaTables.ensure(spark(), silver, SilverSchemas.SILVER, new String[] {"event_date"}, Map.of());

    // October 2026 has 744 hours. depot-b: 2 trucks, reporting 372 device-hours in all; plant-a: one sensor, 744
    List<Row> kpis = new ArrayList<>();
    kpis.add(kpi("depot-b", "2026-10-01T00:00:00Z", 2, 10, 3, 120.5));
    kpis.add(kpi("depot-b", "2026-10-31T23:00:00Z", 370, 900, 4, 80.0));
    kpis.add(kpi("plant-a", "2026-10-15T12:00:00Z", 744, 5000, 1, 0.0));
    kpis.add(kpi("depot-b", "2026-11-01T00:00:00Z", 2, 99, 99, 999.0)); // November: not in the report
    spark().createDataFrame(kpis, delta(GoldTables.in(lake).fleetKpis()).schema()).write().format("delta").mode("append")
        .save(GoldTables.in(lake).fleetKpis());
    List<Row> events = List.of(
        truck("truck-1", 1, "2026-10-02T08:00:00Z", "depot-b", "P0217", "P0300"),
        truck("truck-1", 2, "2026-10-02T08:01:00Z", "depot-b", "P0217"), // same code again: one failure
        truck("truck-2", 1, "2026-10-03T09:00:00Z", "depot-b"),
        truck("truck-3", 1, "2026-11-01T00:30:00Z", "depot-b", "P0420"), // November
        env("env-1", 1, "2026-10-20T10:00:00Z", "plant-a"));
    spark().createDataFrame(events, SilverSchemas.SILVER).write().format("delta").mode("append").save(silver);

    FleetReportJob.Result r = FleetReportJob.run(spark(), config);
    List<SiteMonth> sites = delta(r.table()).orderBy("site").collectAsList().stream().map(SiteMonth::of).toList();
    assertThat(sites).containsExactly(
        new SiteMonth("depot-b", 2, 372, 25.0, 910, 7, 200.5, 2, 1),
        new SiteMonth("plant-a", 1, 744, 100.0, 5000, 1, 0.0, 0, 0));
    assertThat(r.sites()).isEqualTo(2);

    String html = Files.readString(Path.of(r.html()));
    assertThat(html).contains("Fleet report 2026-10", "<td>depot-b</td>", "<td>plant-a</td>");
    BufferedImage png = ImageIO.read(Path.of(r.png()).toFile());
    assertThat(png.getWidth()).isEqualTo(960);
    assertThat(png.getRGB(10, 100)).isEqualTo(0xFFFAFAFA); // a panel's background, not an empty image

    // a rerun of the month replaces its rows
    FleetReportJob.run(spark(), config);
    assertThat(delta(r.table()).count()).isEqualTo(2);

    Config empty = TestLake.config(dir.resolve("nothing"));
    assertThatThrownBy(() -> FleetReportJob.run(spark(), empty)).isInstanceOf(LakehouseException.class)
        .hasMessageContaining("No Delta table at " + dir.resolve("nothing") + "/gold/fleet_kpis_hourly")
        .hasMessageContaining("run the silver and gold jobs first");
  }

  private static Row kpi(String site, String hour, long activeDevices, long events, long alerts, double km) {
    return RowFactory.create(site, Timestamp.from(Instant.parse(hour)), activeDevices, events, alerts, km, 50.0, 60.0,
        40.0, 85.0, 95.0, null);
  }

  private static Row truck(String id, long seq, String time, String site, String... faults) {
    return silver(id, seq, time, "truck", site, Map.of("lat", 52.5, "lon", 13.4, "speed_kmh", 50.0,
        "fault_codes", Arrays.asList(faults)));
  }

  private static Row env(String id, long seq, String time, String site) {
    return silver(id, seq, time, "env", site, Map.of("temperature_c", 21.0, "humidity_pct", 40.0));
  }

  private static Row silver(String id, long seq, String time, String kind, String site, Map<String, Object> values) {
    Instant t = Instant.parse(time);
    Object[] v = new Object[SilverSchemas.SILVER.size()];
    for (int i = 0; i < v.length; i++) {
      String c = SilverSchemas.SILVER.fields()[i].name();
      v[i] = switch (c) {
        case "device_id" -> id;
        case "seq" -> seq;
        case "event_time" -> Timestamp.from(t);
        case "kind" -> kind;
        case "format" -> "avro";
        case "schema_version" -> 1;
        case "site" -> site;
        case "event_date" -> Date.valueOf(t.atZone(java.time.ZoneOffset.UTC).toLocalDate());
        case "topic" -> "iot-telemetry";
        case "partition" -> 0;
        case "offset" -> seq;
        case "ingest_time" -> Timestamp.from(t);
        default -> values.get(c);
      };
    }
    return RowFactory.create(v);
  }
}
