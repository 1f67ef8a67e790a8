package io.iotlakehouse.cli;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.ConfigArgs;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.streaming.StreamingKeys;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.io.SparkSessions;
import io.iotlakehouse.streaming.job.BronzeJob;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
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
    Config config = root.config();
    ConfigArgs.require(config, PlatformKeys.KAFKA_BOOTSTRAP, "the bronze job reads an existing Kafka (start one with `lakehouse stack`)");
    SparkSession spark = SparkSessions.create("lakehouse-" + Lake.BRONZE_TELEMETRY_QUERY, config.get(StreamingKeys.SPARK_MASTER));
    Trigger trigger = availableNow ? Trigger.AvailableNow() : Trigger.ProcessingTime(config.get(StreamingKeys.BRONZE_TRIGGER).toMillis());
    StreamingQuery q = BronzeJob.start(spark, config, trigger);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        q.stop();
      } catch (Exception e) {
        // resumes from the checkpoint next time
      }
    }));
    q.awaitTermination();
    return 0;
  }
}
