package io.iotlakehouse.streaming.transform.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SeqRangesTest {
  @Test
  void aDeviceWithoutLossesKeepsOneRangeHoweverLongItRuns() {
    SeqRanges r = SeqRanges.empty();
    for (long s = 1; s <= 100_000; s++) r.add(s, s * 1000);
    assertThat(r.size()).isEqualTo(1);
    assertThat(r).hasToString("[1..100000]");
    assertThat(r.contains(1)).isTrue();
    assertThat(r.contains(100_000)).isTrue();
    assertThat(r.contains(100_001)).isFalse();
    assertThat(r.contains(0)).isFalse();
  }

  @Test
  void gapsSplitRangesAndALateArrivalClosesThem() {
    SeqRanges r = SeqRanges.empty();
    for (long s : new long[] {1, 2, 3, 5, 6, 9}) r.add(s, s);
    assertThat(r).hasToString("[1..3, 5..6, 9..9]");
    assertThat(r.contains(4)).isFalse();
    r.add(4, 4);
    assertThat(r).hasToString("[1..6, 9..9]");
    r.add(8, 8);
    r.add(7, 7);
    assertThat(r).hasToString("[1..9]");
    assertThatThrownBy(() -> r.add(5, 5)).hasMessageContaining("already contained");
  }

  @Test
  void anyInsertionOrderGivesTheSameSetAsATreeSet() {
    Random random = new Random(7);
    List<Long> seqs = new ArrayList<>();
    for (long s = 1; s <= 2000; s++) if (random.nextInt(10) > 0) seqs.add(s);
    Collections.shuffle(seqs, random);
    SeqRanges r = SeqRanges.empty();
    TreeSet<Long> expected = new TreeSet<>();
    for (long s : seqs) {
      assertThat(r.contains(s)).isEqualTo(expected.contains(s));
      r.add(s, s);
      expected.add(s);
    }
    for (long s = 0; s <= 2001; s++) assertThat(r.contains(s)).as("seq %d", s).isEqualTo(expected.contains(s));
  }

  @Test
  void pruneForgetsRangesBehindTheWatermarkButKeepsTheHighest() {
    SeqRanges r = SeqRanges.empty();
    r.add(1, 100);
    r.add(2, 110);
    r.add(5, 120);
    r.add(9, 50); // highest seq, old time: kept anyway
    r.prune(115);
    assertThat(r).hasToString("[5..5, 9..9]");
    r.prune(Long.MAX_VALUE);
    assertThat(r).hasToString("[9..9]");
  }

  @Test
  void aDeviceSendingRandomSeqsIsCappedAtMaxRanges() {
    SeqRanges r = SeqRanges.empty();
    for (long i = 1; i <= SeqRanges.MAX_RANGES + 10; i++) r.add(i * 2, 1_000);
    r.prune(0);
    assertThat(r.size()).isEqualTo(SeqRanges.MAX_RANGES);
    assertThat(r.contains(2)).as("lowest dropped").isFalse();
    assertThat(r.contains((SeqRanges.MAX_RANGES + 10) * 2L)).isTrue();
  }

  @Test
  void extremeSeqsDoNotOverflow() {
    SeqRanges r = SeqRanges.empty();
    r.add(Long.MAX_VALUE, 1);
    r.add(Long.MAX_VALUE - 1, 1);
    r.add(1, 1);
    assertThat(r).hasToString("[1..1, 9223372036854775806..9223372036854775807]");
  }

  @Test
  void survivesTheRoundTripThroughTheStateBean() {
    SeqRanges r = SeqRanges.empty();
    for (long s : new long[] {1, 2, 3, 7}) r.add(s, s * 10);
    DeviceState state = new DeviceState();
    r.writeTo(state);
    assertThat(state.getSeqLo()).containsExactly(1, 7);
    assertThat(state.getSeqHi()).containsExactly(3, 7);
    assertThat(state.getSeqMaxTime()).containsExactly(30, 70);
    assertThat(SeqRanges.of(state)).hasToString("[1..3, 7..7]");
  }
}
