package io.iotlakehouse.batch.job;

import io.iotlakehouse.batch.BackfillKeys;
import io.iotlakehouse.batch.io.ConflictRetry;
import io.iotlakehouse.batch.io.DeltaReplace;
import io.iotlakehouse.batch.io.GoldRebuild;
import io.iotlakehouse.batch.io.SilverBackfill;
import io.iotlakehouse.batch.io.StreamCoverage;
import io.iotlakehouse.batch.transform.BackfillPlan;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.streaming.SilverKeys;
import io.iotlakehouse.streaming.io.GoldTables;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.job.GoldJob;
import io.iotlakehouse.streaming.job.SilverJob;
import io.iotlakehouse.streaming.transform.silver.SilverSettings;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Rebuilds silver and gold for a range of bronze ingest dates ({@code batch.backfill.from} .. {@code .to}) with today's
 * rules and reference data, without stopping the streams: {@link SilverBackfill}, then {@link GoldRebuild} over the
 * event-time span of the silver rows replaced. spark-submit main class; {@code ./lakehouse batch backfill}.
 */
public final class BackfillJob {
  private BackfillJob() {}

  public record Result(String from, String to, Map<String, Long> before, Map<String, Long> after, String spanFrom,
      String spanTo, long goldWindows, long goldHours, long goldHealthRows) {}

  public static Result run(SparkSession spark, Config config) {
    if (config.get(BackfillKeys.FROM).isBlank()) {
      throw new LakehouseException("No backfill range", "the backfill re-routes a range of bronze ingest dates",
          "pass --from yyyy-mm-dd [--to yyyy-mm-dd] (or --conf " + BackfillKeys.FROM.name() + "=...)");
    }
    LocalDate from = LocalDate.parse(config.get(BackfillKeys.FROM).trim());
    LocalDate to = config.get(BackfillKeys.TO).isBlank() ? from : LocalDate.parse(config.get(BackfillKeys.TO).trim());
    BackfillPlan plan = BackfillPlan.of(from, to, Instant.now(), config.get(SilverKeys.LATE_BOUND),
        config.get(SilverKeys.FUTURE_SKEW), config.get(BackfillKeys.ACCEPT_RECENT));
    Lake lake = Lake.from(config);
    SilverJob.Paths paths = SilverJob.Paths.from(config);
    DeltaReplace replace = new DeltaReplace(ConflictRetry.from(config));
    SilverBackfill.Result s = new SilverBackfill(spark, paths,
        SilverSettings.of(config.get(SilverKeys.FUTURE_SKEW), config.get(SilverKeys.LATE_BOUND)), replace,
        new StreamCoverage(spark, lake.root() + "/checkpoints")).run(plan);
    GoldRebuild.Result g = new GoldRebuild.Result(0, 0, 0);
    if (s.spanFrom() != null) {
      g = new GoldRebuild(spark, paths.silver(), GoldTables.in(lake), GoldJob.settings(config), replace)
          .rebuild(s.spanFrom(), s.spanTo(), s.turbofans(), "{\"backfill\":\"" + from + ".." + to + "\"}");
    }
    return new Result(from.toString(), to.toString(), s.before(), s.after(),
        s.spanFrom() == null ? "" : s.spanFrom().toString(), s.spanTo() == null ? "" : s.spanTo().toString(),
        g.windows(), g.hours(), g.healthRows());
  }

  public static void main(String[] args) {
    BatchJobs.main("backfill", args, BackfillJob::run);
  }
}
