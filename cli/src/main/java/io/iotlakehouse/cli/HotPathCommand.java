package io.iotlakehouse.cli;

import io.iotlakehouse.streaming.job.HotPathJob;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "hotpath", mixinStandardHelpOptions = true,
    description = "Run the hot path in the foreground: Kafka telemetry topic -> alerts and latest device state in Redis "
        + "(lh:* keys, live channel lh:alerts:live) and alerts on kafka.topic.alerts. Needs kafka.bootstrap-servers and "
        + "redis.url (`lakehouse stack` starts both locally).")
final class HotPathCommand implements Callable<Integer> {
  @ParentCommand LakehouseCli root;

  @Override
  public Integer call() throws Exception {
    HotPathJob.run(root.config());
    return 0;
  }
}
