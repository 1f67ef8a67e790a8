package io.iotlakehouse.cli;

import io.iotlakehouse.streaming.job.GoldJob;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "gold", mixinStandardHelpOptions = true,
    description = "Run the gold job (silver -> 5-minute rolling averages, turbofan health features, fleet KPIs; late rows to gold/late_events) in the foreground.")
final class GoldCommand implements Callable<Integer> {
  @ParentCommand LakehouseCli root;

  @Option(names = "--available-now", description = "Process what silver holds now, then stop (batch-style catch-up).")
  boolean availableNow;

  @Override
  public Integer call() throws Exception {
    GoldJob.run(root.config(), availableNow);
    return 0;
  }
}
