package io.iotlakehouse.streaming;

import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.Validator;
import io.iotlakehouse.common.config.ValueType;
import java.time.Duration;
import java.util.List;

/** Config keys of the streaming jobs. */
public final class StreamingKeys {
  private StreamingKeys() {}

  public static final ConfigKey<String> LAKE_ROOT = ConfigKey.define(
      "lake.root", ValueType.STRING, "",
      "Root of the lake (tables and checkpoints): a path or URI (file:, s3a:, abfss:, gs:); empty means <lakehouse.work-dir>/lake");
  public static final ConfigKey<String> SPARK_MASTER = ConfigKey.define(
      "spark.master", ValueType.STRING, "local[2]", Validator.nonBlank(),
      "Spark master for jobs started by the lakehouse command (ignored under spark-submit, which sets its own)");
  public static final ConfigKey<Duration> BRONZE_TRIGGER = ConfigKey.define(
      "streaming.bronze.trigger-interval", ValueType.DURATION, "5s", Validator.positiveDuration(),
      "Micro-batch interval of the bronze job: lower means fresher bronze and more, smaller files");
  public static final ConfigKey<Long> BRONZE_MAX_OFFSETS = ConfigKey.define(
      "streaming.bronze.max-offsets-per-trigger", ValueType.LONG, "2000000", Validator.atLeast(1000L),
      "Upper bound of Kafka records per bronze micro-batch (bounds memory and batch duration after a backlog)");
  public static final ConfigKey<String> STARTING_OFFSETS = ConfigKey.define(
      "streaming.bronze.starting-offsets", ValueType.STRING, "earliest", Validator.oneOf("earliest", "latest"),
      "Where a bronze job with a new checkpoint starts reading (a restarted job always resumes from its checkpoint)");

  public static List<ConfigKey<?>> keys() {
    return List.of(LAKE_ROOT, SPARK_MASTER, BRONZE_TRIGGER, BRONZE_MAX_OFFSETS, STARTING_OFFSETS);
  }
}
