package io.iotlakehouse.cli;

import io.iotlakehouse.streaming.job.SilverJob;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "silver", mixinStandardHelpOptions = true,
    description = "Run the silver job (bronze -> silver + quarantine + duplicates, enriched, exactly once) in the foreground.")
final class SilverCommand implements Callable<Integer> {
  @ParentCommand LakehouseCli root;

  @Option(names = "--available-now", description = "Process what bronze holds now, then stop (batch-style catch-up).")
  boolean availableNow;

  @Override
  public Integer call() throws Exception {
    SilverJob.run(root.config(), availableNow);
    return 0;
  }
}
