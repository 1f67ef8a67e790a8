package io.iotlakehouse.training.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.iotlakehouse.training.TestData;
import io.iotlakehouse.training.edge.EdgeScorer;
import io.iotlakehouse.training.edge.ModelBundle;
import io.iotlakehouse.training.features.EngineSeries;
import io.iotlakehouse.training.features.FeatureOptions;
import io.iotlakehouse.training.features.FeatureSpec;
import io.iotlakehouse.training.model.XgbParams;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model the Spark job trains scores the same on the edge (EdgeScorer on the saved bundle) as in Spark. */
class SparkEdgeParityTest {

  @Test
  void edgeScoringOfTheSavedModelEqualsSparkScoringOnTheSameRows(@TempDir Path dir) throws Exception {
    List<EngineSeries> engines = TestData.fd001().subList(0, 4);
    String gold = dir.resolve("gold").toString();
    GoldFixture.append(gold, List.of(
        new GoldFixture.Device("e1", engines.get(0), Instant.parse("2026-10-01T00:00:00Z")),
        new GoldFixture.Device("e2", engines.get(1), Instant.parse("2026-10-01T00:00:00Z")),
        new GoldFixture.Device("e3", engines.get(2), Instant.parse("2026-10-01T00:00:00Z")),
        new GoldFixture.Device("e4", engines.get(3), Instant.parse("2026-10-01T00:00:00Z"))));
    Dataset<Row> cycles = new GoldTurbofanTable(GoldFixture.spark(), gold).read(0);
    FeatureSpec spec = FeatureSpec.fit(engines, FeatureOptions.defaults());
    Dataset<Row> rows = SparkTrainingData.build(cycles, spec,
        new SparkTrainingData.Labelling(125, 30, 0, Long.MAX_VALUE)).cache();

    XgbSparkTrainer.Trained trained = XgbSparkTrainer.train(rows, null, "rul", XgbParams.defaults().withRounds(20),
        XgbParams.Objective.REGRESSION, 1, 7);
    List<Row> sparkScored = ((Transformer) trained.model()).transform(rows)
        .select("device_id", "cycle", "prediction").collectAsList();
    ModelBundle.write(dir.resolve("bundle"), trained.booster(), null, spec);

    Map<String, EngineSeries> byDevice = Map.of("e1", engines.get(0), "e2", engines.get(1), "e3", engines.get(2),
        "e4", engines.get(3));
    assertThat(sparkScored).hasSize(engines.stream().mapToInt(EngineSeries::length).sum());
    try (EdgeScorer scorer = EdgeScorer.loadBundle(dir.resolve("bundle"))) {
      for (Row r : sparkScored) {
        EngineSeries engine = byDevice.get(r.getString(0));
        int upTo = r.getInt(1) - engine.cycles().get(0).cycle() + 1;
        double edge = scorer.score(engine.prefix(upTo).cycles()).rul();
        assertThat(edge).as(r.toString()).isCloseTo(Math.max(0.0, r.getDouble(2)), within(1e-4));
      }
    }
    Map<String, Long> rowsPerDevice = sparkScored.stream()
        .collect(Collectors.groupingBy(r -> r.getString(0), Collectors.counting()));
    assertThat(rowsPerDevice).containsOnlyKeys("e1", "e2", "e3", "e4");
    rows.unpersist();
  }
}
