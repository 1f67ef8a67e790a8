package io.iotlakehouse.streaming.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SparkSessionsTest {
  @ParameterizedTest
  @CsvSource({"local, 1", "local[3], 3", "'local[4,2]', 4", "' local[1] ', 1", "spark://master:7077, -1", "yarn, -1", "local[x], -1"})
  void localMastersGiveTheirCoresClustersNothing(String master, int cores) {
    assertThat(SparkSessions.localCores(master)).isEqualTo(cores < 0 ? OptionalInt.empty() : OptionalInt.of(cores));
  }

  @Test
  void localStarIsEveryCore() {
    assertThat(SparkSessions.localCores("local[*]")).hasValue(Runtime.getRuntime().availableProcessors());
  }
}
