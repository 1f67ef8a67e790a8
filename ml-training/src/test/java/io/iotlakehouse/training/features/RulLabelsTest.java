package io.iotlakehouse.training.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RulLabelsTest {

  static EngineSeries engine(int... cycles) {
    List<CycleRecord> rs = new ArrayList<>();
    for (int c : cycles) {
      rs.add(new CycleRecord(7, c, new double[] {0}, new double[] {c}));
    }
    return new EngineSeries(7, rs);
  }

  static Stream<Arguments> piecewise() {
    return Stream.of(
        Arguments.of(engine(1, 2, 3, 4, 5), 0, 125.0, new double[] {4, 3, 2, 1, 0}),
        Arguments.of(engine(1, 2, 3, 4, 5), 0, 2.0, new double[] {2, 2, 2, 1, 0}),
        Arguments.of(engine(1, 2, 3), 10, 125.0, new double[] {12, 11, 10}),
        Arguments.of(engine(1, 2, 3), 10, 11.0, new double[] {11, 11, 10}),
        Arguments.of(engine(3, 5, 9), 0, 5.0, new double[] {5, 4, 0}));
  }

  @ParameterizedTest(name = "#{index}: rulAtEnd={1} cap={2}")
  @MethodSource("piecewise")
  void piecewiseLinearRul(EngineSeries e, int rulAtEnd, double cap, double[] expected) {
    assertThat(RulLabels.piecewiseLinear(e, rulAtEnd, cap)).containsExactly(expected);
  }

  static Stream<Arguments> failing() {
    return Stream.of(
        Arguments.of(engine(1, 2, 3, 4, 5), 0, 1, new double[] {0, 0, 0, 1, 1}),
        Arguments.of(engine(1, 2, 3, 4, 5), 0, 0, new double[] {0, 0, 0, 0, 1}),
        Arguments.of(engine(1, 2, 3), 29, 30, new double[] {0, 1, 1}),
        Arguments.of(engine(1, 2, 3), 40, 30, new double[] {0, 0, 0}));
  }

  @ParameterizedTest(name = "#{index}: rulAtEnd={1} horizon={2}")
  @MethodSource("failing")
  void failsWithinHorizon(EngineSeries e, int rulAtEnd, int horizon, double[] expected) {
    assertThat(RulLabels.failsWithin(e, rulAtEnd, horizon)).containsExactly(expected);
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> RulLabels.piecewiseLinear(engine(1), 0, 0)).hasMessage("cap must be > 0, was 0.0");
    assertThatThrownBy(() -> RulLabels.remaining(engine(1), -1)).hasMessage("rulAtEnd must be >= 0, was -1");
  }
}
