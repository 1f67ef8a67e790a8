package io.iotlakehouse.training.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.iotlakehouse.training.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeatureExtractorTest {

  private static final double[] SETTINGS = {0, 0, 100};

  /** Four sensors: 1 constant, 2 flips between two values, 3 has mean 0 / std 1, 4 has mean 10 / std 1. */
  static EngineSeries handMadeTrain() {
    double[] s3 = {-2, 0, 0, 0, 0, 0, 0, 2};
    double[] s4 = {8, 10, 10, 10, 10, 10, 10, 12};
    List<CycleRecord> rs = new ArrayList<>();
    for (int i = 0; i < s3.length; i++) {
      rs.add(new CycleRecord(1, i + 1, SETTINGS, new double[] {5, 7 + i % 2, s3[i], s4[i]}));
    }
    return new EngineSeries(1, rs);
  }

  static EngineSeries handMadeTest() {
    return new EngineSeries(2, List.of(
        new CycleRecord(2, 1, SETTINGS, new double[] {5, 7, 1, 10}),
        new CycleRecord(2, 2, SETTINGS, new double[] {5, 8, 2, 11}),
        new CycleRecord(2, 3, SETTINGS, new double[] {5, 7, 4, 13})));
  }

  static FeatureOptions handMadeOptions() {
    return FeatureOptions.defaults().withWindows(2, 3)
        .withWindowStats(WindowStat.MEAN, WindowStat.STD, WindowStat.SLOPE)
        .withEwmAlpha(0.5).withHealthIndex(false);
  }

  @Test
  void dropsConstantAndTwoValuedSensorsAndLearnsZScores() {
    FeatureSpec spec = FeatureSpec.fit(List.of(handMadeTrain()), handMadeOptions());

    assertThat(spec.sensors()).containsExactly(3, 4);
    assertThat(spec.conditions().clusterCount()).isEqualTo(1);
    assertThat(spec.conditions().mean()[0]).containsExactly(new double[] {0.0, 10.0}, within(1e-12));
    assertThat(spec.conditions().std()[0]).containsExactly(new double[] {1.0, 1.0}, within(1e-12));
    assertThat(spec.featureNames()).containsExactly("cycle",
        "s3", "s3_mean_2", "s3_std_2", "s3_slope_2", "s3_mean_3", "s3_std_3", "s3_slope_3", "s3_ewm",
        "s4", "s4_mean_2", "s4_std_2", "s4_slope_2", "s4_mean_3", "s4_std_3", "s4_slope_3", "s4_ewm");
    assertThat(spec.historyLength()).isEqualTo(3);
  }

  @Test
  void featureRowsAreExactOnAHandMadeSeries() {
    FeatureSpec spec = FeatureSpec.fit(List.of(handMadeTrain()), handMadeOptions());

    double[][] rows = FeatureExtractor.transform(spec, handMadeTest());

    // z(s3) = 1, 2, 4 and z(s4) = 0, 1, 3 over cycles 1, 2, 3
    double std3 = Math.sqrt(14.0) / 3;
    assertThat(rows[2]).containsExactly(new double[] {3,
        4, 3, 1, 2, 7.0 / 3, std3, 1.5, 3,
        3, 2, 1, 2, 4.0 / 3, std3, 1.5, 2}, within(1e-12));
    assertThat(rows[0]).containsExactly(new double[] {1,
        1, 1, 0, 0, 1, 0, 0, 1,
        0, 0, 0, 0, 0, 0, 0, 0}, within(1e-12));
    assertThat(rows[1]).containsExactly(new double[] {2,
        2, 1.5, 0.5, 1, 1.5, 0.5, 1, (2 + 0.5) / 1.5,
        1, 0.5, 0.5, 1, 0.5, 0.5, 1, 1 / 1.5}, within(1e-12));
  }

  @ParameterizedTest(name = "cut after cycle index {0}")
  @ValueSource(ints = {0, 1, 4, 29, 30, 31, 60, 150})
  void leakageGuardFutureCyclesNeverChangeEarlierRows(int cut) {
    List<EngineSeries> fd001 = TestData.fd001();
    FeatureSpec spec = FeatureSpec.fit(fd001.subList(0, 30), FeatureOptions.defaults());
    EngineSeries engine = fd001.get(40);
    double[][] original = FeatureExtractor.transform(spec, engine);

    // scramble every cycle after the cut, and also drop a few of them
    Random random = new Random(cut);
    List<CycleRecord> changed = new ArrayList<>(engine.cycles().subList(0, cut + 1));
    for (CycleRecord r : engine.cycles().subList(cut + 1, engine.length() - 3)) {
      double[] sensors = r.sensors().clone();
      for (int s = 0; s < sensors.length; s++) {
        sensors[s] += random.nextGaussian() * 50;
      }
      double[] settings = r.settings().clone();
      settings[0] += random.nextGaussian() * 30;
      changed.add(new CycleRecord(r.unit(), r.cycle(), settings, sensors));
    }
    double[][] after = FeatureExtractor.transform(spec, new EngineSeries(engine.unit(), changed));

    for (int t = 0; t <= cut; t++) {
      assertThat(after[t]).as("row %d", t).containsExactly(original[t]);
    }
    assertThat(after[cut + 1]).isNotEqualTo(original[cut + 1]);
  }

  @Test
  void lastRowNeedsOnlyTheRecentHistory() {
    List<EngineSeries> fd001 = TestData.fd001();
    FeatureSpec spec = FeatureSpec.fit(fd001.subList(0, 30), FeatureOptions.defaults());
    EngineSeries engine = fd001.get(55);
    double[][] all = FeatureExtractor.transform(spec, engine);

    for (int n : new int[] {1, 20, spec.historyLength() - 1, spec.historyLength(), engine.length()}) {
      EngineSeries prefix = engine.prefix(n);
      assertThat(FeatureExtractor.lastRow(spec, prefix)).as("prefix %d", n).containsExactly(all[n - 1]);
    }
    EngineSeries tail = engine.tail(spec.historyLength());
    assertThat(FeatureExtractor.lastRow(spec, tail)).containsExactly(all[all.length - 1]);
    assertThat(FeatureExtractor.transform(spec, tail)[tail.length() - 1]).containsExactly(all[all.length - 1]);
  }

  @Test
  void fd001KeepsTheFourteenInformativeSensors() {
    FeatureSpec spec = FeatureSpec.fit(TestData.fd001(), FeatureOptions.defaults());

    assertThat(spec.sensors()).containsExactly(2, 3, 4, 7, 8, 9, 11, 12, 13, 14, 15, 17, 20, 21);
    assertThat(spec.conditions().clusterCount()).isEqualTo(1);
    assertThat(spec.featureCount()).isEqualTo(spec.featureNames().size());
    double[][] rows = FeatureExtractor.transform(spec, TestData.fd001().get(0));
    assertThat(rows[0]).hasSize(spec.featureCount());
    assertThat(java.util.Arrays.stream(rows).flatMapToDouble(java.util.Arrays::stream).allMatch(Double::isFinite))
        .isTrue();
  }

  @Test
  void healthIndexFallsAsEnginesDegrade() {
    FeatureSpec spec = FeatureSpec.fit(TestData.fd001().subList(0, 50), FeatureOptions.defaults());
    int hi = spec.featureNames().indexOf("hi_ewm");
    double early = 0;
    double late = 0;
    for (EngineSeries e : TestData.fd001().subList(50, 100)) {
      double[][] rows = FeatureExtractor.transform(spec, e);
      early += rows[20][hi];
      late += rows[rows.length - 1][hi];
    }
    // fitted to the capped RUL: ~125 while healthy, near 0 at failure
    assertThat(early / 50).isGreaterThan(100);
    assertThat(late / 50).isLessThan(30);
  }

  @Test
  void zScoresEachOperatingConditionSeparately() {
    // two operating points whose sensor levels differ by 100; within each, the same wear pattern
    double[][] points = {{0, 0, 100}, {20, 0.7, 100}};
    List<CycleRecord> rs = new ArrayList<>();
    Random random = new Random(3);
    for (int i = 0; i < 200; i++) {
      int c = i % 2;
      double[] settings = {points[c][0] + random.nextGaussian() * 0.002, points[c][1], points[c][2]};
      double wear = (i / 2) % 10;
      rs.add(new CycleRecord(1, i + 1, settings, new double[] {100 * c + wear, 3 * c + 0.5 * wear}));
    }
    FeatureSpec spec = FeatureSpec.fit(List.of(new EngineSeries(1, rs)),
        FeatureOptions.defaults().withHealthIndex(false));

    assertThat(spec.conditions().clusterCount()).isEqualTo(2);
    double[] a = FeatureExtractor.zscores(spec.conditions(), spec.sensors(),
        new CycleRecord(9, 1, new double[] {0.001, 0, 100}, new double[] {7, 3.5}));
    double[] b = FeatureExtractor.zscores(spec.conditions(), spec.sensors(),
        new CycleRecord(9, 2, new double[] {19.999, 0.7, 100}, new double[] {107, 6.5}));
    assertThat(b).containsExactly(a, within(1e-9));
    assertThat(a[0]).isCloseTo((7 - 4.5) / Math.sqrt(8.25), within(1e-9));
  }
}
