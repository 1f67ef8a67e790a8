package io.iotlakehouse.training.cmapss;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.training.TestData;
import io.iotlakehouse.training.features.CycleRecord;
import io.iotlakehouse.training.features.EngineSeries;
import io.iotlakehouse.training.model.TruncationPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticSplitTest {

  @Test
  void writesOfficialFormatFilesWithDisjointUnitsAndTrueRul(@TempDir Path dir) throws Exception {
    SyntheticSplit.Files3 f = SyntheticSplit.write(TestData.fd001Path(), dir, 20, TruncationPolicy.fd001Like(), 5);

    assertThat(f.train().getFileName().toString()).isEqualTo("train_FD001.txt");
    assertThat(f.test().getFileName().toString()).isEqualTo("test_FD001.txt");
    assertThat(f.rul().getFileName().toString()).isEqualTo("RUL_FD001.txt");
    List<EngineSeries> train = CmapssReader.readEngines(f.train());
    List<EngineSeries> test = CmapssReader.readEngines(f.test());
    int[] rul = CmapssReader.readRul(f.rul());
    assertThat(train).hasSize(80);
    assertThat(test).extracting(EngineSeries::unit).containsExactly(
        java.util.stream.IntStream.rangeClosed(1, 20).boxed().toArray(Integer[]::new));
    assertThat(rul).hasSize(20);
    assertThat(Files.readAllLines(f.test()).get(0)).endsWith(" ").matches("^1 1 .*");

    // each test engine is a prefix of a held-out source engine, and its RUL is what was cut off
    Map<String, EngineSeries> sourceByFirstRecord = new HashMap<>();
    for (EngineSeries e : TestData.fd001()) {
      sourceByFirstRecord.put(key(e.cycles().get(0)), e);
    }
    for (EngineSeries e : train) {
      assertThat(sourceByFirstRecord.get(key(e.cycles().get(0))).length()).isEqualTo(e.length());
    }
    for (int i = 0; i < test.size(); i++) {
      EngineSeries t = test.get(i);
      EngineSeries source = sourceByFirstRecord.get(key(t.cycles().get(0)));
      assertThat(source).isNotNull();
      assertThat(train).noneMatch(e -> e.unit() == source.unit());
      assertThat(t.cycles().get(t.length() - 1).sensors()).containsExactly(
          source.cycles().get(t.length() - 1).sensors());
      assertThat(rul[i]).isEqualTo(source.length() - t.length()).isBetween(7, 145);
      assertThat(t.length()).isGreaterThanOrEqualTo(31);
    }
  }

  private static String key(CycleRecord r) {
    return java.util.Arrays.toString(r.sensors()) + java.util.Arrays.toString(r.settings());
  }
}
