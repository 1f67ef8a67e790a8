package io.iotlakehouse.cli;

import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.edge.io.SqliteEventBuffer;
import io.iotlakehouse.edge.transform.GatewayAudit;
import io.iotlakehouse.bench.chaos.LakeAudit;
import io.iotlakehouse.bench.chaos.PipelineAudit;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.io.SilverSeqs;
import io.iotlakehouse.streaming.io.SparkSessions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "Reconciliation checks across layers.",
    subcommands = {AuditCommand.Gateway.class, AuditCommand.Pipeline.class})
final class AuditCommand {
  @ParentCommand LakehouseCli root;

  @Command(name = "gateway", mixinStandardHelpOptions = true,
      description = "Per device, the seqs a gateway accepted (its buffer folder) against silver (<lake.root>/silver/telemetry): "
          + "missing ranges, duplicates, seqs dropped by policy, quarantined or still buffered. One line per device with "
          + "findings, then a JSON summary as the last line. Exit code 1 when seqs are missing or duplicated.")
  static final class Gateway implements Callable<Integer> {
    @ParentCommand AuditCommand audit;

    @Option(names = "--state", required = true, paramLabel = "DIR",
        description = "The gateway's buffer folder (edge.buffer.dir; default <lakehouse.work-dir>/gateways/<edge.gateway-id>).")
    Path state;

    @Override
    public Integer call() {
      Lake lake = Lake.from(audit.root.config());
      SqliteEventBuffer.State s = SqliteEventBuffer.readState(state); // fails fast, before Spark starts
      SparkSession spark = SparkSessions.create("audit-gateway", "local[2]");
      try {
        if (!SilverSeqs.silverExists(spark, lake)) {
          throw new LakehouseException("No silver table at " + lake.table("silver", "telemetry"),
              "the audit compares the gateway's accepted seqs with silver", "run the silver job first (`lakehouse silver "
                  + "--available-now`), or point --conf lake.root at the lake that holds it");
        }
        SilverSeqs.Result silver = SilverSeqs.read(spark, lake, s.accepted().keySet());
        GatewayAudit.Report report = GatewayAudit.reconcile(new GatewayAudit.Inputs(s.accepted(), s.dropped(), s.buffered(),
            LakeAudit.bySpan(silver.silver()), LakeAudit.bySpan(silver.quarantined()), silver.duplicates()));
        report.lines().forEach(System.out::println);
        System.out.printf("%d devices, %d seqs accepted by the gateway, %d in silver, %d missing%n", report.devices().size(),
            report.total(GatewayAudit.DeviceAudit::accepted), report.total(GatewayAudit.DeviceAudit::inSilver),
            report.total(d -> d.missing().count()));
        System.out.println(report.toJson());
        return report.ok() ? 0 : 1;
      } finally {
        spark.stop();
      }
    }
  }

  @Command(name = "pipeline", mixinStandardHelpOptions = true,
      description = "Per device, the seqs the devices produced (--produced) vs what the gateway accepted (--state) vs bronze "
          + "(value bytes decoded) vs silver and quarantine: lost ranges per layer, duplicates, redeliveries, out-of-order; "
          + "plus, per Kafka partition of the telemetry topic, the offsets bronze misses or repeats (when kafka.bootstrap-servers "
          + "is set). One line per finding, then a JSON summary as the last line. Exit code 1 when anything is lost or duplicated.")
  static final class Pipeline implements Callable<Integer> {
    @ParentCommand AuditCommand audit;

    @Option(names = "--produced", paramLabel = "FILE",
        description = "The simulators' sequence file (device=highest seq produced; <lakehouse.work-dir>/simulators/sequences.properties). Optional.")
    Path produced;

    @Option(names = "--state", paramLabel = "DIR", description = "A gateway's buffer folder (edge.buffer.dir). Optional.")
    Path state;

    @Override
    public Integer call() {
      Config cfg = audit.root.config();
      String kafka = cfg.get(PlatformKeys.KAFKA_BOOTSTRAP);
      LakeAudit.Sources src = new LakeAudit.Sources(Lake.from(cfg), produced, state, kafka.isBlank() ? null : kafka,
          cfg.get(PlatformKeys.TOPIC_TELEMETRY));
      SparkSession spark = SparkSessions.create("audit-pipeline", "local[2]");
      try {
        PipelineAudit.Report report = LakeAudit.run(spark, src);
        report.lines().forEach(System.out::println);
        System.out.printf("%d devices, %d events (%s), %d lost, %d duplicated%n", report.devices().size(),
            report.total(PipelineAudit.Device::reference), report.reference(), report.lost(), report.duplicated());
        System.out.println(report.toJson());
        return report.ok() ? 0 : 1;
      } finally {
        spark.stop();
      }
    }
  }
}
