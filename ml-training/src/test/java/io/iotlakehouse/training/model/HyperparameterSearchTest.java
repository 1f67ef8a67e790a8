package io.iotlakehouse.training.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.training.TestData;
import io.iotlakehouse.training.features.FeatureOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HyperparameterSearchTest {

  static final SearchSpace SMALL = new SearchSpace(new int[] {2, 3}, new double[] {0.3}, new double[] {0.8},
      new double[] {0.5}, new double[] {1, 10}, 10, 9, 30);

  static GroupedCrossValidation cv;

  @BeforeAll
  static void prepare() {
    CvOptions o = new CvOptions(3, 3, TruncationPolicy.fd001Like(), FeatureOptions.defaults(), 125, 30, 2, 7);
    cv = GroupedCrossValidation.prepare(TestData.fd001().subList(0, 15), o);
  }

  @AfterAll
  static void close() {
    cv.close();
  }

  @Test
  void zeroBudgetStillRunsOneTrial() {
    List<String> log = new ArrayList<>();
    HyperparameterSearch.Result r = HyperparameterSearch.run(cv, SMALL, null, Duration.ZERO, 10, 1, log::add);

    assertThat(r.trials()).hasSize(1);
    assertThat(log.get(0)).startsWith("trial 1:");
    assertThat(log.get(1)).startsWith("search budget spent");
  }

  @Test
  void picksTheLowestCvRmseAndItsBestRoundCount() {
    HyperparameterSearch.Result r = HyperparameterSearch.run(cv, SMALL, new XgbParams(2, 0.3, 30, 0.8, 0.5, 1),
        Duration.ofMinutes(5), 3, 1, s -> { });

    assertThat(r.trials()).hasSize(3);
    assertThat(r.trials().get(0).params().maxDepth()).isEqualTo(2);
    assertThat(r.best().score().rmse())
        .isEqualTo(r.trials().stream().map(t -> t.score().rmse()).min(Comparator.naturalOrder()).orElseThrow());
    assertThat(r.best().params().rounds()).isIn(10, 20, 30);
    assertThat(r.best().score().rmse()).isBetween(1.0, 60.0);
  }

  @Test
  void candidatesAreDistinctAndStartWithTheGivenOne() {
    List<XgbParams> c = SearchSpace.defaults().candidates(XgbParams.defaults(), 1000, 3);

    assertThat(c).doesNotHaveDuplicates();
    assertThat(c.get(0)).isEqualTo(XgbParams.defaults().withRounds(SearchSpace.defaults().maxRounds(XgbParams.defaults().eta())));
    assertThat(SMALL.checkpoints(30)).containsExactly(10, 20, 30);
    assertThat(SMALL.checkpoints(25)).containsExactly(10, 20, 25);
  }
}
