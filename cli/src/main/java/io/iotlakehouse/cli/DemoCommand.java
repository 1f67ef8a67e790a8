package io.iotlakehouse.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import sun.misc.Signal;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {
      "Run the whole loop on embedded real services: Kafka (KRaft) and MQTT brokers, simulated environmental "
          + "sensors, trucks and C-MAPSS turbofans, an edge gateway, and the bronze Delta job.",
      "Prints events published / in Kafka / in bronze. Ctrl-C stops cleanly; running it again resumes."
    })
final class DemoCommand implements Callable<Integer> {
  @ParentCommand LakehouseCli root;

  @Option(names = "--duration", paramLabel = "DURATION",
      description = "Stop by itself after this long (e.g. 90s, 5m). Default: run until Ctrl-C.")
  String duration;

  @Option(names = "--lineage",
      description = "Also start the local Apache Atlas and the lineage recorder (about 40 s and 0.5 GB more), so "
          + "`lakehouse lineage trace` and the Atlas web UI show the running pipeline.")
  boolean lineage;

  @Override
  public Integer call() throws Exception {
    Duration d = duration == null ? null : Durations.parse("--duration", duration);
    Demo demo = new Demo(root.config(), System.out, lineage);
    // Stop in order on Ctrl-C / SIGTERM instead of letting shutdown hooks race each other.
    Signal.handle(new Signal("INT"), s -> demo.requestStop());
    Signal.handle(new Signal("TERM"), s -> demo.requestStop());
    demo.run(d);
    return 0;
  }
}
