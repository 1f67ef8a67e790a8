package io.iotlakehouse.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.common.error.LakehouseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigTest {
  static final ConfigKey<Integer> PARTITIONS =
      ConfigKey.define("kafka.topic.partitions", ValueType.INT, "4", Validator.between(1, 1024), "partitions of new topics");
  static final ConfigKey<Duration> TRIGGER =
      ConfigKey.define("streaming.bronze.trigger-interval", ValueType.DURATION, "5s", Validator.positiveDuration(), "trigger");
  static final ConfigKey<String> BOOTSTRAP =
      ConfigKey.define("kafka.bootstrap-servers", ValueType.STRING, "", Validator.hostPortsOrEmpty(), "brokers");
  static final ConfigKey<Long> MAX = ConfigKey.define("edge.max-payload-bytes", ValueType.SIZE, "64KiB", "max payload");
  static final List<ConfigKey<?>> KEYS = List.of(PARTITIONS, TRIGGER, BOOTSTRAP, MAX);

  @Test
  void defaultsApplyWhenNothingIsSet() {
    Config c = Config.defaults(KEYS);
    assertThat(c.get(PARTITIONS)).isEqualTo(4);
    assertThat(c.get(TRIGGER)).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.get(MAX)).isEqualTo(65536L);
    assertThat(c.isSet(PARTITIONS)).isFalse();
  }

  @Test
  void overridesWinOverTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("lakehouse.properties");
    Files.writeString(file, "kafka.topic.partitions=8\nstreaming.bronze.trigger-interval=2m\n");
    Config c = Config.load(KEYS, file, List.of("kafka.topic.partitions=16"));
    assertThat(c.get(PARTITIONS)).isEqualTo(16);
    assertThat(c.get(TRIGGER)).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.asArgs(List.of(PARTITIONS, BOOTSTRAP))).containsExactly("--conf", "kafka.topic.partitions=16");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "kafka.topic.partitions=0      | Invalid value '0' for config key 'kafka.topic.partitions': it must be between 1 and 1024",
    "kafka.topic.partitions=four   | Invalid value 'four' for config key 'kafka.topic.partitions': it must be a whole number",
    "streaming.bronze.trigger-interval=5 | it must be a duration such as 500ms, 5s, 2m, 1h or 7d",
    "kafka.bootstrap-servers=localhost | it must be empty (start the embedded service) or a comma-separated list of host:port",
    "kafka.topic.partiton=3        | Unknown config key 'kafka.topic.partiton'",
    "no-equals-sign                | Malformed --conf 'no-equals-sign'",
  })
  void badValuesFailFastSayingWhatAndHowToFix(String override, String expected) {
    assertThatThrownBy(() -> Config.load(KEYS, null, List.of(override.trim())))
        .isInstanceOf(LakehouseException.class)
        .hasMessageContaining(expected.trim())
        .hasMessageContaining("How to fix:");
  }

  @Test
  void unknownKeySuggestsTheClosestDeclaredKey() {
    assertThatThrownBy(() -> Config.load(KEYS, null, List.of("kafka.bootstrap-server=a:1")))
        .hasMessageContaining("did you mean kafka.bootstrap-servers?");
  }

  @Test
  void missingFileIsAClearError(@TempDir Path dir) {
    assertThatThrownBy(() -> Config.load(KEYS, dir.resolve("nope.properties"), List.of()))
        .hasMessageContaining("Cannot read config file")
        .hasMessageContaining("nope.properties");
  }

  @Test
  void anInvalidDefaultIsAProgrammingError() {
    assertThatThrownBy(() -> ConfigKey.define("a.b", ValueType.INT, "x", "doc")).isInstanceOf(LakehouseException.class);
    assertThatThrownBy(() -> ConfigKey.define("Bad_Key", ValueType.INT, "1", "doc")).isInstanceOf(IllegalArgumentException.class);
  }
}
