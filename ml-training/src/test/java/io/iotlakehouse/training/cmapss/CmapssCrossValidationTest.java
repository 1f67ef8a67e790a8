package io.iotlakehouse.training.cmapss;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.training.TestData;
import io.iotlakehouse.training.model.CvScore;
import io.iotlakehouse.training.model.XgbParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CmapssCrossValidationTest {

  @Test
  void repeatsCvPerSeedDeterministically(@TempDir Path dir) throws Exception {
    Path small = dir.resolve("train_SMALL.txt");
    Files.write(small, Files.readAllLines(TestData.fd001Path()).stream()
        .filter(l -> Integer.parseInt(l.strip().split("\\s+")[0]) <= 16).collect(Collectors.toList()));
    EvaluationOptions o = EvaluationOptions.defaults().withFolds(4).withCutsPerUnit(4).withThreads(2);
    XgbParams p = new XgbParams(3, 0.3, 30, 0.8, 0.5, 5);

    List<CvScore> s = CmapssCrossValidation.run(small, o, p, new long[] {1, 2, 1});

    assertThat(s).hasSize(3);
    assertThat(s.get(2)).isEqualTo(s.get(0));
    assertThat(s.get(1).rmse()).isNotEqualTo(s.get(0).rmse());
    assertThat(s).allSatisfy(c -> {
      assertThat(c.rmse()).isBetween(1.0, 60.0);
      assertThat(c.evaluated()).isEqualTo(16 * 4);
      assertThat(c.rounds()).isEqualTo(30);
    });
  }
}
