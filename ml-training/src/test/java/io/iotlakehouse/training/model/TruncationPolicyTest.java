package io.iotlakehouse.training.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.training.features.CycleRecord;
import io.iotlakehouse.training.features.EngineSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TruncationPolicyTest {

  static EngineSeries engine(int length) {
    List<CycleRecord> rs = new ArrayList<>();
    for (int c = 1; c <= length; c++) {
      rs.add(new CycleRecord(1, c, new double[] {0}, new double[] {0}));
    }
    return new EngineSeries(1, rs);
  }

  @Test
  void cutsKeepTheRulAndHistoryBounds() {
    TruncationPolicy p = TruncationPolicy.fd001Like();
    Random random = new Random(1);
    for (int length : new int[] {128, 200, 362}) {
      EngineSeries e = engine(length);
      int[] cuts = p.sampleCuts(e, 50, random);
      assertThat(cuts).hasSize(50).doesNotHaveDuplicates().isSorted();
      for (int cut : cuts) {
        int rul = length - 1 - cut;
        assertThat(rul).isBetween(7, 145);
        assertThat(cut + 1).isGreaterThanOrEqualTo(31);
      }
    }
  }

  @Test
  void returnsEveryCutWhenFewerExistThanAskedAndNoneWhenTooShort() {
    TruncationPolicy p = new TruncationPolicy(3, 1, 100);
    assertThat(p.sampleCuts(engine(6), 10, new Random(0))).containsExactly(2, 3, 4);
    assertThat(p.sampleCuts(engine(3), 10, new Random(0))).isEmpty();
  }
}
