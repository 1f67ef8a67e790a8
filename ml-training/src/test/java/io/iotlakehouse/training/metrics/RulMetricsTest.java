package io.iotlakehouse.training.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RulMetricsTest {

  @ParameterizedTest(name = "d = {0} -> {1}")
  @CsvSource({
      "0, 0",
      "10, 1.718281828459045",    // e - 1: late by 10 cycles
      "-13, 1.718281828459045",   // e - 1: early by 13 cycles
      "20, 6.38905609893065",     // e^2 - 1
      "-26, 6.38905609893065",
      "-1, 0.07995899942818663",  // e^(1/13) - 1
      "1, 0.10517091807564771"})  // e^(1/10) - 1
  void phmTermIsAsymmetric(double d, double expected) {
    assertThat(RulMetrics.phmTerm(d)).isCloseTo(expected, within(1e-12));
  }

  static Stream<Arguments> scores() {
    double e1 = Math.E - 1;
    return Stream.of(
        Arguments.of(new double[] {10, 0, 20}, new double[] {0, 13, 20}, 2 * e1, Math.sqrt((100 + 169) / 3.0)),
        Arguments.of(new double[] {5}, new double[] {5}, 0.0, 0.0),
        Arguments.of(new double[] {1, 2, 3}, new double[] {1, 2, 5}, Math.exp(2.0 / 13) - 1, Math.sqrt(4 / 3.0)));
  }

  @ParameterizedTest(name = "#{index}")
  @MethodSource("scores")
  void phmScoreAndRmse(double[] predicted, double[] actual, double phm, double rmse) {
    assertThat(RulMetrics.phmScore(predicted, actual)).isCloseTo(phm, within(1e-12));
    assertThat(RulMetrics.rmse(predicted, actual)).isCloseTo(rmse, within(1e-12));
  }

  @Test
  void lateIsPenalisedMoreThanEarly() {
    assertThat(RulMetrics.phmScore(new double[] {60}, new double[] {50}))
        .isGreaterThan(RulMetrics.phmScore(new double[] {40}, new double[] {50}));
  }

  @Test
  void rejectsMismatchedInput() {
    assertThatThrownBy(() -> RulMetrics.rmse(new double[] {1}, new double[] {1, 2}))
        .hasMessage("1 predictions but 2 true values");
    assertThatThrownBy(() -> RulMetrics.phmScore(new double[0], new double[0])).hasMessage("no predictions to score");
  }
}
