package io.iotlakehouse.cli;

import io.iotlakehouse.streaming.job.BronzeJob;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "bronze", mixinStandardHelpOptions = true,
    description = "Run the bronze job (Kafka telemetry topic -> Delta bronze, exactly once) in the foreground.")
final class BronzeCommand implements Callable<Integer> {
  @ParentCommand LakehouseCli root;

  @Option(names = "--available-now", description = "Process what is in Kafka now, then stop (batch-style catch-up).")
  boolean availableNow;

  @Override
  public Integer call() throws Exception {
    BronzeJob.run(root.config(), availableNow);
    return 0;
  }
}
