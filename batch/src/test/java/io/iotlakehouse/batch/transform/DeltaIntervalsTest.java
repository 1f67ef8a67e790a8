package io.iotlakehouse.batch.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeltaIntervalsTest {
  @ParameterizedTest
  @CsvSource({
      "interval 1 week, 604800000",
      "interval 7 days, 604800000",
      "INTERVAL 36 HOURS, 129600000",
      "interval 2 days 12 hours, 216000000",
      "168 hours, 604800000",
      "interval 30 seconds, 30000",
      "interval 1 minute, 60000",
      "interval 500 milliseconds, 500",
      "interval 1000 microseconds, 1"})
  void parsesDeltaIntervals(String text, long millis) {
    assertThat(DeltaIntervals.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"interval 1 month", "interval", "seven days", "interval 1", ""})
  void refusesWhatItCannotTurnIntoADuration(String text) {
    assertThatThrownBy(() -> DeltaIntervals.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a Delta interval such as 'interval 1 week'");
  }
}
