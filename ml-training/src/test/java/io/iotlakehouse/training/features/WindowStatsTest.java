package io.iotlakehouse.training.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class WindowStatsTest {

  private static final double[] X = {1, 2, 3, 4};
  private static final double[] Y = {1, 2, 4, 8};

  static Stream<Arguments> means() {
    return Stream.of(
        Arguments.of(3, 2, 6.0),
        Arguments.of(3, 3, 14.0 / 3),
        Arguments.of(3, 10, 15.0 / 4), // window longer than the history shrinks to it
        Arguments.of(0, 5, 1.0),
        Arguments.of(1, 2, 1.5));
  }

  @ParameterizedTest(name = "mean(end={0}, n={1}) = {2}")
  @MethodSource("means")
  void mean(int end, int n, double expected) {
    assertThat(WindowStats.mean(Y, end, n)).isCloseTo(expected, within(1e-12));
  }

  static Stream<Arguments> stds() {
    return Stream.of(
        Arguments.of(3, 2, 2.0),
        Arguments.of(0, 3, 0.0),
        Arguments.of(3, 4, Math.sqrt(28.75 / 4)),
        Arguments.of(2, 3, Math.sqrt(14.0 / 9)));
  }

  @ParameterizedTest(name = "std(end={0}, n={1}) = {2}")
  @MethodSource("stds")
  void populationStd(int end, int n, double expected) {
    assertThat(WindowStats.std(Y, end, n)).isCloseTo(expected, within(1e-12));
  }

  static Stream<Arguments> slopes() {
    return Stream.of(
        Arguments.of(new double[] {1, 2, 3, 4}, new double[] {1, 2, 4, 8}, 3, 2, 4.0),
        Arguments.of(new double[] {1, 2, 3, 4}, new double[] {1, 2, 4, 8}, 3, 3, 3.0),
        Arguments.of(new double[] {1, 2, 3, 4}, new double[] {1, 2, 4, 8}, 3, 1, 0.0),
        Arguments.of(new double[] {1, 2, 3, 4}, new double[] {3, 5, 7, 9}, 3, 4, 2.0),
        // gaps in the cycle numbers: slope is per cycle, not per record
        Arguments.of(new double[] {1, 2, 4, 8}, new double[] {3, 6, 12, 24}, 3, 4, 3.0),
        Arguments.of(new double[] {5, 5}, new double[] {1, 9}, 1, 2, 0.0));
  }

  @ParameterizedTest(name = "slope #{index} = {4}")
  @MethodSource("slopes")
  void leastSquaresSlope(double[] x, double[] y, int end, int n, double expected) {
    assertThat(WindowStats.slope(x, y, end, n)).isCloseTo(expected, within(1e-12));
  }

  static Stream<Arguments> ewms() {
    return Stream.of(
        Arguments.of(3, 3, 0.5, 6.0), // (8 + 0.5*4 + 0.25*2) / 1.75
        Arguments.of(3, 4, 1.0, 8.0),
        Arguments.of(0, 4, 0.3, 1.0),
        Arguments.of(3, 2, 0.5, (8 + 0.5 * 4) / 1.5));
  }

  @ParameterizedTest(name = "ewm(end={0}, n={1}, alpha={2}) = {3}")
  @MethodSource("ewms")
  void windowedEwm(int end, int n, double alpha, double expected) {
    assertThat(WindowStats.ewm(Y, end, n, alpha)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> WindowStats.mean(Y, 3, 0)).hasMessage("window must be >= 1, was 0");
    assertThatThrownBy(() -> WindowStats.mean(Y, -1, 2)).hasMessage("end index must be >= 0, was -1");
    assertThatThrownBy(() -> WindowStats.ewm(Y, 3, 2, 0)).hasMessage("alpha must be in (0, 1], was 0.0");
  }
}
