package io.iotlakehouse.cli;

import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.edge.io.SqliteEventBuffer;
import io.iotlakehouse.edge.transform.GatewayAudit;
import io.iotlakehouse.edge.transform.SeqRange;
import io.iotlakehouse.edge.transform.SeqRangeSet;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.io.SilverSeqs;
import io.iotlakehouse.streaming.io.SparkSessions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "Reconciliation checks across layers.",
    subcommands = {AuditCommand.Gateway.class})
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
            bySpan(silver.silver()), bySpan(silver.quarantined()), silver.duplicates()));
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

    static Map<String, SeqRangeSet> bySpan(List<SilverSeqs.Span> spans) {
      Map<String, List<SeqRange>> byDevice = new HashMap<>();
      for (SilverSeqs.Span sp : spans) byDevice.computeIfAbsent(sp.deviceId(), k -> new ArrayList<>()).add(new SeqRange(sp.lo(), sp.hi()));
      Map<String, SeqRangeSet> out = new HashMap<>();
      byDevice.forEach((d, rs) -> out.put(d, SeqRangeSet.of(rs)));
      return out;
    }
  }
}
