package io.iotlakehouse.cli;

import io.iotlakehouse.bench.chaos.ChaosRunner;
import io.iotlakehouse.common.error.LakehouseException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "chaos", mixinStandardHelpOptions = true,
    description = {
      "Fault campaign on the real pipeline (embedded Kafka, HiveMQ, redis-server; gateway and the bronze, silver, gold and "
          + "hot path jobs each in their own JVM; simulated devices) in <lakehouse.work-dir>/chaos/<scenario>-<seed> (cleared first).",
      "Faults follow a schedule drawn from --seed; then devices stop, the pipeline catches up and `audit pipeline` checks "
          + "every layer. Report as one JSON object on the last line (faults, events, lost, duplicated, recovery times); "
          + "exit code 1 when anything was lost or duplicated or did not recover.",
      "Scenarios: kill-jobs (kill -9 a random job --kills times, restarting it each time), kafka-outage (the broker killed "
          + "for --outage while devices publish, the gateway killed -9 during it), broker-bounce (a 3-node Kafka cluster, "
          + "replication 3, min.insync.replicas 2: a random node killed -9 and restarted --bounces times, never two down, "
          + "then the whole cluster stopped and started), disk-full (the lake folder a 256 MB tmpfs, filled by a ballast "
          + "file for --outage: the job whose write fails must exit non-zero saying 'No space left on device'; needs root "
          + "for mount), combined (the CI campaign, scenarios 1-3 on one pipeline and one 3-node cluster: --kills job kills, "
          + "--bounces node kills, then the whole cluster stopped for --outage, the gateway killed -9 during it), soak (kill-jobs "
          + "with compaction, VACUUM and the Iceberg sync run beside the streams 4 times over --duration, each in its own JVM and "
          + "required to exit 0; run it long, e.g. --duration 30m, at the highest rate your machines carry: on one 2-core "
          + "machine ~230 ev/s, --conf simulators.trucks.count=200; see RELIABILITY.md)."
    })
final class ChaosCommand implements Callable<Integer> {
  @ParentCommand LakehouseCli root;

  @Parameters(index = "0", paramLabel = "SCENARIO", description = "kill-jobs, kafka-outage, broker-bounce, disk-full, combined or soak.")
  String scenario;

  @Option(names = "--duration", defaultValue = "10m", description = "How long devices publish while faults are injected (default ${DEFAULT-VALUE}).")
  String duration;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the fault schedule (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--kills", defaultValue = "20", description = "kill-jobs, combined, soak: number of job kills (default ${DEFAULT-VALUE}).")
  int kills;

  @Option(names = "--bounces", defaultValue = "5", description = "broker-bounce, combined: node kills before the full cluster stop (default ${DEFAULT-VALUE}).")
  int bounces;

  @Option(names = "--outage", defaultValue = "2m",
      description = "kafka-outage, combined: how long Kafka stays down; disk-full: how long the lake stays full (default ${DEFAULT-VALUE}).")
  String outage;

  @Option(names = "--catch-up-timeout", defaultValue = "10m",
      description = "Longest wait for a recovery and for the final catch-up (default ${DEFAULT-VALUE}).")
  String catchUpTimeout;

  @Override
  public Integer call() throws Exception {
    if (!ChaosRunner.SCENARIOS.contains(scenario)) {
      throw new LakehouseException("Unknown scenario '" + scenario + "'", "the runner knows " + ChaosRunner.SCENARIOS,
          "use one of `lakehouse chaos " + String.join("|", ChaosRunner.SCENARIOS) + "`");
    }
    if (kills < 1) {
      throw new LakehouseException("--kills " + kills + " is too small", "kill-jobs and combined inject at least one kill", "use --kills 20 (the default)");
    }
    if (bounces < 1) {
      throw new LakehouseException("--bounces " + bounces + " is too small", "broker-bounce and combined kill a node at least once",
          "use --bounces 5 (the default)");
    }
    Duration d = Durations.parse("--duration", duration);
    Duration o = Durations.parse("--outage", outage);
    if (List.of("kafka-outage", "disk-full", "combined").contains(scenario) && o.compareTo(d) >= 0) {
      throw new LakehouseException("--outage " + outage + " is not shorter than --duration " + duration,
          "devices must publish before, during and after the outage", "use e.g. --duration 5m --outage 2m");
    }
    ChaosRunner.Result r = ChaosRunner.run(root.config(),
        new ChaosRunner.Options(scenario, d, seed, kills, bounces, o, Durations.parse("--catch-up-timeout", catchUpTimeout)), System.err);
    System.out.println(r.toJson());
    return r.ok() ? 0 : 1;
  }
}
