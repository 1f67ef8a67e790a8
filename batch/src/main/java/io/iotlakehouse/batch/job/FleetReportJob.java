package io.iotlakehouse.batch.job;

import io.delta.tables.DeltaTable;
import io.iotlakehouse.batch.BackfillKeys;
import io.iotlakehouse.batch.io.ConflictRetry;
import io.iotlakehouse.batch.io.DeltaReplace;
import io.iotlakehouse.batch.io.ReportImage;
import io.iotlakehouse.batch.transform.FleetReport;
import io.iotlakehouse.batch.transform.ReportPage;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.streaming.io.DeltaTables;
import io.iotlakehouse.streaming.io.Lake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The monthly fleet report per site ({@link FleetReport}): written to the Delta table
 * {@code <lake.root>/gold/fleet_report_monthly} (the month's rows replaced, so a rerun of a month replaces its report)
 * and rendered as {@code fleet-report-<month>.html} (SVG charts and a table) and {@code .png} under
 * {@code batch.report.dir}. spark-submit main class; {@code ./lakehouse batch report --month yyyy-mm}.
 */
public final class FleetReportJob {
  private FleetReportJob() {}

  public record Result(String month, int sites, String table, String html, String png) {}

  public static Result run(SparkSession spark, Config config) {
    String m = config.get(BackfillKeys.REPORT_MONTH);
    YearMonth month = m.isBlank() ? YearMonth.now(ZoneOffset.UTC).minusMonths(1) : YearMonth.parse(m.trim());
    Lake lake = Lake.from(config);
    String kpis = lake.table("gold", "fleet_kpis_hourly");
    String silver = lake.table("silver", "telemetry");
    for (String t : List.of(kpis, silver)) {
      if (!DeltaTable.isDeltaTable(spark, t)) {
        throw new LakehouseException("No Delta table at " + t, "the fleet report is computed from gold's hourly KPIs and "
            + "silver telemetry", "run the silver and gold jobs first (./lakehouse silver, ./lakehouse gold), or set lake.root");
      }
    }
    Dataset<Row> report = FleetReport.monthly(spark.read().format("delta").load(kpis),
        spark.read().format("delta").load(silver), month).persist();
    try {
      String table = lake.table("gold", "fleet_report_monthly");
      DeltaTables.ensure(spark, table, FleetReport.SCHEMA, new String[0], Map.of());
      new DeltaReplace(ConflictRetry.from(config)).replace(table, report, "month = '" + month + "'",
          "{\"report\":\"" + month + "\"}");
      List<ReportPage.SiteMonth> sites = report.collectAsList().stream().map(ReportPage.SiteMonth::of).toList();
      String dirText = config.get(BackfillKeys.REPORT_DIR);
      Path dir = dirText.isBlank() ? config.get(PlatformKeys.WORK_DIR).resolve("reports") : Path.of(dirText);
      Files.createDirectories(dir);
      Path html = dir.resolve("fleet-report-" + month + ".html");
      Path png = dir.resolve("fleet-report-" + month + ".png");
      Files.writeString(html, ReportPage.html(month, sites));
      ReportImage.write(month, sites, png);
      return new Result(month.toString(), sites.size(), table, html.toAbsolutePath().toString(), png.toAbsolutePath().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the fleet report files", e);
    } finally {
      report.unpersist(false);
    }
  }

  public static void main(String[] args) {
    BatchJobs.main("report", args, FleetReportJob::run);
  }
}
