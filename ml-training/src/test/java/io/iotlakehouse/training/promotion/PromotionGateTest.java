package io.iotlakehouse.training.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.training.promotion.PromotionGate.Evidence;
import io.iotlakehouse.training.promotion.PromotionGate.Policy;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PromotionGateTest {
  private static final Policy POLICY = new Policy(0.02, 1_000_000, 500);

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("first candidate, no champion", rmse(15.0, null), true, null),
        Arguments.of("RMSE 2% better", rmse(19.6, 20.0), true, null),
        Arguments.of("RMSE better but within the margin", rmse(19.7, 20.0), false, "does not beat the champion's 20.0000"),
        Arguments.of("RMSE worse", rmse(21.0, 20.0), false, "does not beat"),
        Arguments.of("AUC 2% better", new Evidence("holdout_auc", false, 0.92, 0.90, false, 1000, null, 100), true, null),
        Arguments.of("AUC within the margin", new Evidence("holdout_auc", false, 0.91, 0.90, false, 1000, null, 100), false,
            "does not beat"),
        Arguments.of("metric missing", rmse(null, 20.0), false, "logged no holdout_rmse"),
        Arguments.of("metric NaN", rmse(Double.NaN, 20.0), false, "logged no holdout_rmse"),
        Arguments.of("champion moved since the run", new Evidence("holdout_rmse", true, 10.0, 20.0, true, 1000, null, 100),
            false, "champion changed"),
        Arguments.of("edge cannot load it", new Evidence("holdout_rmse", true, 10.0, 20.0, false, 1000, "bad spec", Double.NaN),
            false, "edge scorer cannot load it: bad spec"),
        Arguments.of("too slow on the edge", new Evidence("holdout_rmse", true, 10.0, 20.0, false, 1000, null, 501), false,
            "takes 501 us"),
        Arguments.of("too large", new Evidence("holdout_rmse", true, 10.0, 20.0, false, 1_000_001, null, 100), false,
            "1000001 bytes"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(String name, Evidence evidence, boolean promote, String reason) {
    PromotionGate.Decision d = PromotionGate.decide(evidence, POLICY);
    assertThat(d.promote()).isEqualTo(promote);
    if (promote) {
      assertThat(d.reasons()).isEmpty();
      assertThat(d.summary(evidence)).startsWith("promoted: ");
    } else {
      assertThat(d.reasons()).anySatisfy(r -> assertThat(r).contains(reason));
      assertThat(d.summary(evidence)).startsWith("rejected: ").contains(reason);
    }
  }

  private static Evidence rmse(Double candidate, Double champion) {
    return new Evidence("holdout_rmse", true, candidate, champion, false, 1000, null, 100);
  }
}
