package io.iotlakehouse.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.common.error.LakehouseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretsTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''                   | true",
      "env:KAFKA_PASSWORD   | true",
      "file:/etc/gw/secret  | true",
      "hunter2              | false",
      "env:                 | false",
      "env:1BAD             | false",
      "file:                | false",
  })
  void onlyReferencesAreValid(String ref, boolean valid) {
    assertThat(Secrets.reference().test(ref)).isEqualTo(valid);
  }

  @Test
  void resolvesEnvironmentVariablesAndFiles(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pw");
    Files.writeString(file, "s3cret\n");
    assertThat(Secrets.resolve("env:PW", "k", Map.of("PW", "from-env"))).isEqualTo("from-env");
    assertThat(Secrets.resolve("file:" + file, "k", Map.of())).isEqualTo("s3cret");
  }

  @Test
  void missingSecretsSayWhereTheyWereLookedFor(@TempDir Path dir) {
    assertThatThrownBy(() -> Secrets.resolve("env:NOPE", "edge.kafka.sasl.password", Map.of()))
        .isInstanceOf(LakehouseException.class).hasMessageContaining("environment variable NOPE")
        .hasMessageContaining("edge.kafka.sasl.password");
    assertThatThrownBy(() -> Secrets.resolve("file:" + dir.resolve("none"), "k", Map.of()))
        .isInstanceOf(LakehouseException.class).hasMessageContaining("cannot read");
    assertThatThrownBy(() -> Secrets.resolve("", "k", Map.of()))
        .isInstanceOf(LakehouseException.class).hasMessageContaining("env:<VARIABLE> or file:<path>");
  }
}
