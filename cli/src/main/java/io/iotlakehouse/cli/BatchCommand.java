package io.iotlakehouse.cli;

import io.iotlakehouse.batch.BackfillKeys;
import io.iotlakehouse.batch.LakeTables;
import io.iotlakehouse.batch.MaintenanceKeys;
import io.iotlakehouse.batch.io.BatchSessions;
import io.iotlakehouse.streaming.io.VersionPins;
import io.iotlakehouse.batch.job.BackfillJob;
import io.iotlakehouse.batch.job.BatchJobs;
import io.iotlakehouse.batch.job.CompactJob;
import io.iotlakehouse.batch.job.FleetReportJob;
import io.iotlakehouse.batch.job.IcebergSyncJob;
import io.iotlakehouse.batch.job.TierJob;
import io.iotlakehouse.batch.job.VacuumJob;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.streaming.io.Lake;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "batch", mixinStandardHelpOptions = true,
    description = {"Batch jobs beside the running streams: compaction, VACUUM, tiering, Iceberg publishing, backfills, the "
        + "fleet report, and version pins. Each job prints its result as one JSON line; the same jobs run under "
        + "spark-submit (see deploy/batch)."},
    subcommands = {BatchCommand.Compact.class, BatchCommand.Vacuum.class, BatchCommand.Tier.class,
        BatchCommand.IcebergSync.class, BatchCommand.Backfill.class, BatchCommand.Report.class, BatchCommand.Pin.class,
        BatchCommand.Unpin.class, BatchCommand.Pins.class})
final class BatchCommand {
  @ParentCommand LakehouseCli root;
  @Spec CommandSpec spec;

  int run(String name, Config config, BiFunction<SparkSession, Config, Object> job) {
    spec.commandLine().getOut().println(BatchJobs.run(name, config, job));
    return 0;
  }

  /** Pins, in a session of their own. */
  <T> T pins(Function<VersionPins, T> action) {
    Config config = root.config();
    SparkSession spark = BatchSessions.create("lakehouse-batch-pins", config);
    try {
      return action.apply(new VersionPins(spark, Lake.from(config)));
    } finally {
      spark.stop();
    }
  }

  @Command(name = "compact", mixinStandardHelpOptions = true,
      description = "OPTIMIZE (Z-ORDER) the date partitions the streams no longer write (batch.compaction.*).")
  static final class Compact implements Callable<Integer> {
    @ParentCommand BatchCommand batch;

    @Option(names = "--gold-stopped", description = "The gold job is stopped: also compact the unpartitioned gold tables it MERGEs into.")
    boolean goldStopped;

    @Override
    public Integer call() {
      Config config = batch.root.config();
      if (goldStopped) config = config.with(MaintenanceKeys.GOLD_STOPPED, "true");
      return batch.run("compact", config, CompactJob::run);
    }
  }

  /** A job that takes nothing but config. */
  abstract static class ConfigOnly implements Callable<Integer> {
    @ParentCommand BatchCommand batch;

    abstract BiFunction<SparkSession, Config, Object> job();

    @Override
    public Integer call() {
      return batch.run(getClass().getAnnotation(Command.class).name(), batch.root.config(), job());
    }
  }

  @Command(name = "vacuum", mixinStandardHelpOptions = true,
      description = "VACUUM the lake's tables with batch.vacuum.retention, refused before deleting anything when that is "
          + "unsafe for a running stream, the Iceberg sync or a pinned version.")
  static final class Vacuum extends ConfigOnly {
    @Override
    BiFunction<SparkSession, Config, Object> job() {
      return VacuumJob::run;
    }
  }

  @Command(name = "tier", mixinStandardHelpOptions = true,
      description = "Move partitions older than the hot window to the cold Iceberg tables; apply the raw bronze retention.")
  static final class Tier extends ConfigOnly {
    @Override
    BiFunction<SparkSession, Config, Object> job() {
      return TierJob::run;
    }
  }

  @Command(name = "iceberg-sync", mixinStandardHelpOptions = true,
      description = "Publish the gold tables as Iceberg tables and bring them to the latest Delta version (incremental).")
  static final class IcebergSync extends ConfigOnly {
    @Override
    BiFunction<SparkSession, Config, Object> job() {
      return IcebergSyncJob::run;
    }
  }

  @Command(name = "backfill", mixinStandardHelpOptions = true,
      description = "Rebuild silver and gold for a range of bronze ingest dates with today's rules, while the streams run.")
  static final class Backfill implements Callable<Integer> {
    @ParentCommand BatchCommand batch;

    @Option(names = "--from", required = true, paramLabel = "yyyy-mm-dd", description = "First bronze ingest date (UTC).")
    String from;

    @Option(names = "--to", paramLabel = "yyyy-mm-dd", description = "Last bronze ingest date (UTC, inclusive; default: --from).")
    String to;

    @Option(names = "--accept-recent", description = "Allow a range the silver stream could still receive copies of its events for.")
    boolean acceptRecent;

    @Override
    public Integer call() {
      Config config = batch.root.config().with(BackfillKeys.FROM, from).with(BackfillKeys.TO, to == null ? "" : to)
          .with(BackfillKeys.ACCEPT_RECENT, Boolean.toString(acceptRecent));
      return batch.run("backfill", config, BackfillJob::run);
    }
  }

  @Command(name = "report", mixinStandardHelpOptions = true,
      description = "The monthly fleet report per site (uptime, alerts, distance, failures): a Delta table, HTML and PNG.")
  static final class Report implements Callable<Integer> {
    @ParentCommand BatchCommand batch;

    @Option(names = "--month", paramLabel = "yyyy-mm", description = "The month (UTC; default: the previous month).")
    String month;

    @Override
    public Integer call() {
      Config config = batch.root.config();
      if (month != null) config = config.with(BackfillKeys.REPORT_MONTH, month);
      return batch.run("report", config, FleetReportJob::run);
    }
  }

  @Command(name = "pin", mixinStandardHelpOptions = true,
      description = "Pin a table version (e.g. the gold version a training run read): VACUUM keeps its files until unpinned.")
  static final class Pin implements Callable<Integer> {
    @ParentCommand BatchCommand batch;

    @Option(names = "--table", required = true, description = "Lake table, e.g. gold/turbofan_health.")
    String table;

    @Option(names = "--version", required = true, description = "Delta version to keep readable.")
    long version;

    @Option(names = "--by", required = true, description = "Who needs it, e.g. the training run id.")
    String by;

    @Option(names = "--reason", description = "Why, for whoever reads the pins later.")
    String reason;

    @Override
    public Integer call() {
      checkTable(table);
      batch.pins(p -> {
        p.pin(table, version, by, reason);
        return null;
      });
      batch.spec.commandLine().getOut().println(BatchJobs.json(new VersionPins.Pin(table, version, by, reason, null)));
      return 0;
    }
  }

  @Command(name = "unpin", mixinStandardHelpOptions = true, description = "Release a pinned table version.")
  static final class Unpin implements Callable<Integer> {
    @ParentCommand BatchCommand batch;

    @Option(names = "--table", required = true, description = "Lake table, e.g. gold/turbofan_health.")
    String table;

    @Option(names = "--version", required = true, description = "The pinned Delta version.")
    long version;

    @Option(names = "--by", required = true, description = "Who pinned it.")
    String by;

    @Override
    public Integer call() {
      checkTable(table);
      if (!batch.pins(p -> p.unpin(table, version, by))) {
        throw new LakehouseException("No pin of " + table + " version " + version + " by " + by,
            "nothing to release", "list the pins with ./lakehouse batch pins");
      }
      return 0;
    }
  }

  @Command(name = "pins", mixinStandardHelpOptions = true, description = "List the pinned table versions (one JSON line each).")
  static final class Pins implements Callable<Integer> {
    @ParentCommand BatchCommand batch;

    @Override
    public Integer call() {
      for (VersionPins.Pin p : batch.pins(v -> v.pins(null))) {
        batch.spec.commandLine().getOut().println(BatchJobs.json(p));
      }
      return 0;
    }
  }

  static void checkTable(String table) {
    if (LakeTables.find(table).isEmpty()) {
      throw new LakehouseException("Unknown lake table '" + table + "'", "pins protect versions of the lake's tables",
          "use one of " + LakeTables.names());
    }
  }
}
