package io.iotlakehouse.edge.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.training.features.CycleRecord;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CycleHistoryTest {
  static Payload.Turbofan cycle(int c) {
    return new Payload.Turbofan(3, c, List.of(0.1, 0.2, 100.0), Collections.nCopies(21, (double) c));
  }

  static List<Integer> cycles(CycleHistory h, String device) {
    return h.recent(device).stream().map(CycleRecord::cycle).toList();
  }

  @Test
  void keepsTheLastCyclesPerDeviceUpToItsCapacityWhichOnlyGrows() {
    CycleHistory h = new CycleHistory(3);
    for (int c = 1; c <= 5; c++) assertThat(h.add("tf-1", cycle(c))).isTrue();
    h.add("tf-2", cycle(1));
    assertThat(cycles(h, "tf-1")).containsExactly(3, 4, 5);
    assertThat(cycles(h, "tf-2")).containsExactly(1);
    assertThat(cycles(h, "tf-9")).isEmpty();
    CycleRecord r = h.recent("tf-1").get(2);
    assertThat(r.unit()).isEqualTo(3);
    assertThat(r.settings()).containsExactly(0.1, 0.2, 100.0);
    assertThat(r.sensor(21)).isEqualTo(5.0);

    h.ensureCapacity(2); // never shrinks
    h.ensureCapacity(4);
    h.add("tf-1", cycle(6));
    h.add("tf-1", cycle(7));
    assertThat(cycles(h, "tf-1")).containsExactly(4, 5, 6, 7);
  }

  @Test
  void cycleOneStartsANewRunAndOtherCyclesOutOfOrderAreNotKept() {
    CycleHistory h = new CycleHistory(10);
    for (int c = 1; c <= 4; c++) h.add("tf-1", cycle(c));
    assertThat(h.add("tf-1", cycle(4))).isFalse();
    assertThat(h.add("tf-1", cycle(2))).isFalse();
    assertThat(cycles(h, "tf-1")).containsExactly(1, 2, 3, 4);
    assertThat(h.add("tf-1", cycle(1))).isTrue();
    assertThat(cycles(h, "tf-1")).containsExactly(1);
  }
}
