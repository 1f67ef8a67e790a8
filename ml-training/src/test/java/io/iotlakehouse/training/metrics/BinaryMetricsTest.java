package io.iotlakehouse.training.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BinaryMetricsTest {

  static Stream<Arguments> aucs() {
    return Stream.of(
        Arguments.of(new double[] {0.1, 0.4, 0.35, 0.8}, new double[] {0, 0, 1, 1}, 0.75),
        Arguments.of(new double[] {0.1, 0.2, 0.3, 0.4}, new double[] {0, 0, 1, 1}, 1.0),
        Arguments.of(new double[] {0.4, 0.3, 0.2, 0.1}, new double[] {0, 0, 1, 1}, 0.0),
        Arguments.of(new double[] {0.5, 0.5}, new double[] {0, 1}, 0.5),
        Arguments.of(new double[] {0.5, 0.5, 0.9}, new double[] {0, 1, 1}, 0.75),
        Arguments.of(new double[] {0.3, 0.7}, new double[] {1, 1}, Double.NaN));
  }

  @ParameterizedTest(name = "#{index}: auc {2}")
  @MethodSource("aucs")
  void auc(double[] scores, double[] labels, double expected) {
    if (Double.isNaN(expected)) {
      assertThat(BinaryMetrics.auc(scores, labels)).isNaN();
    } else {
      assertThat(BinaryMetrics.auc(scores, labels)).isCloseTo(expected, within(1e-12));
    }
  }

  @Test
  void precisionAndRecallAtThreshold() {
    double[] scores = {0.9, 0.8, 0.6, 0.4, 0.2, 0.7};
    double[] labels = {1, 1, 0, 1, 0, 0};

    BinaryMetrics m = BinaryMetrics.of(scores, labels, 0.5);

    // predicted positive: 0.9(tp) 0.8(tp) 0.6(fp) 0.7(fp); missed: 0.4(fn)
    assertThat(m.precision()).isEqualTo(0.5);
    assertThat(m.recall()).isEqualTo(2.0 / 3);
    assertThat(m.positives()).isEqualTo(3);
    assertThat(m.count()).isEqualTo(6);
    assertThat(m.auc()).isCloseTo(7.0 / 9, within(1e-12));
  }

  @Test
  void undefinedPrecisionWhenNothingIsPredictedPositive() {
    BinaryMetrics m = BinaryMetrics.of(new double[] {0.1, 0.2}, new double[] {0, 1}, 0.5);
    assertThat(m.precision()).isNaN();
    assertThat(m.recall()).isEqualTo(0.0);
  }
}
