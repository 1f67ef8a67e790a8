package io.iotlakehouse.training.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GroupedKFoldTest {

  @ParameterizedTest(name = "{0} groups, {1} folds")
  @CsvSource({"100, 5", "10, 3", "7, 7", "2, 2"})
  void everyGroupIsHeldOutExactlyOnceAndFoldsAreBalanced(int groups, int k) {
    // several rows per group, as with engine cycles
    int[] rowGroups = IntStream.range(0, groups * 3).map(i -> 1 + i / 3).toArray();

    List<int[]> folds = GroupedKFold.heldOutGroups(rowGroups, k, 42);

    assertThat(folds).hasSize(k);
    int[] all = folds.stream().flatMapToInt(Arrays::stream).sorted().toArray();
    assertThat(all).containsExactly(IntStream.rangeClosed(1, groups).toArray());
    for (int[] f : folds) {
      assertThat(f.length).isBetween(groups / k, groups / k + 1);
    }
  }

  @Test
  void isDeterministicPerSeed() {
    int[] g = IntStream.rangeClosed(1, 50).toArray();
    assertThat(GroupedKFold.heldOutGroups(g, 5, 1)).usingRecursiveComparison()
        .isEqualTo(GroupedKFold.heldOutGroups(g, 5, 1));
    assertThat(GroupedKFold.heldOutGroups(g, 5, 1).get(0)).isNotEqualTo(GroupedKFold.heldOutGroups(g, 5, 2).get(0));
  }

  @Test
  void rejectsMoreFoldsThanGroups() {
    assertThatThrownBy(() -> GroupedKFold.heldOutGroups(new int[] {1, 1, 2}, 3, 0))
        .hasMessage("need 2 <= folds <= number of groups (2), got 3");
  }
}
