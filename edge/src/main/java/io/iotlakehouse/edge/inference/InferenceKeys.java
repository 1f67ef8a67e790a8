package io.iotlakehouse.edge.inference;

import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.Validator;
import io.iotlakehouse.common.config.ValueType;
import java.time.Duration;
import java.util.List;

/** Config keys of the gateway's local inference. */
public final class InferenceKeys {
  private InferenceKeys() {}

  public static final ConfigKey<String> MODEL_DIR = ConfigKey.define(
      "edge.model.dir", ValueType.STRING, "",
      "Folder the gateway serves model bundles from (each bundle a sub-folder; the newest that verifies is served and "
          + "a newer one dropped there is swapped in); empty: no local inference");
  public static final ConfigKey<String> TRUSTED_KEYS = ConfigKey.define(
      "edge.model.trusted-keys", ValueType.STRING, "",
      "Comma-separated Ed25519 public key files (PEM, as `lakehouse models keygen` writes them) whose signatures the "
          + "gateway accepts on bundles; list the old and the new key while rotating; required with edge.model.dir");
  public static final ConfigKey<Duration> POLL_INTERVAL = ConfigKey.define(
      "edge.model.poll-interval", ValueType.DURATION, "2s",
      Validator.of(d -> d.compareTo(Duration.ofMillis(50)) >= 0, "at least 50ms"),
      "How often the gateway looks for a new bundle in edge.model.dir");
  public static final ConfigKey<Long> MAX_BUNDLE_BYTES = ConfigKey.define(
      "edge.model.max-bundle-bytes", ValueType.SIZE, "256MiB", Validator.between(1L << 10, 1L << 34),
      "Largest bundle (sum of its files) the gateway verifies; a larger one is refused with reason too_large");

  public static List<ConfigKey<?>> keys() {
    return List.of(MODEL_DIR, TRUSTED_KEYS, POLL_INTERVAL, MAX_BUNDLE_BYTES);
  }
}
