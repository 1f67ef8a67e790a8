package io.iotlakehouse.governance;

import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.Validator;
import io.iotlakehouse.common.config.ValueType;
import java.time.Duration;
import java.util.List;

/** Config keys of the lineage recorder and trace (Atlas's address and credentials are platform keys: atlas.*). */
public final class GovernanceKeys {
  private GovernanceKeys() {}

  public static final ConfigKey<String> GROUP_ID = ConfigKey.define(
      "governance.recorder.group-id", ValueType.STRING, "lakehouse-lineage-recorder", Validator.nonBlank(),
      "Kafka consumer group of the lineage recorder (its committed offsets say which events Atlas has)");
  public static final ConfigKey<String> PARKED_TOPIC = ConfigKey.define(
      "governance.recorder.parked-topic", ValueType.STRING, "lakehouse-lineage-parked", Validator.nonBlank(),
      "Topic where the recorder parks lineage events it cannot apply (malformed, or rejected by Atlas), with the "
          + "reason in headers lakehouse.reason and lakehouse.detail");
  public static final ConfigKey<Duration> RETRY_INTERVAL = ConfigKey.define(
      "governance.recorder.retry-interval", ValueType.DURATION, "5s", Validator.positiveDuration(),
      "How often the recorder retries while Atlas is unreachable (events wait in Kafka meanwhile)");
  public static final ConfigKey<Integer> TRACE_DEPTH = ConfigKey.define(
      "governance.trace.depth", ValueType.INT, "10", Validator.between(1, 50),
      "Default depth of `lakehouse lineage trace` (Atlas counts each job and each dataset as one step)");

  public static List<ConfigKey<?>> keys() {
    return List.of(GROUP_ID, PARKED_TOPIC, RETRY_INTERVAL, TRACE_DEPTH);
  }
}
