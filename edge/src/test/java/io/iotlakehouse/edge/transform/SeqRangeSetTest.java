package io.iotlakehouse.edge.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SeqRangeSetTest {
  @Test
  void contiguousSeqsCostOneRangeAndEachAddSaysWhichRowChanges() {
    SeqRangeSet s = new SeqRangeSet();
    assertThat(s.add(1)).isEqualTo(new SeqRangeSet.Change(SeqRangeSet.Change.NONE, new SeqRange(1, 1)));
    assertThat(s.add(2)).isEqualTo(new SeqRangeSet.Change(SeqRangeSet.Change.NONE, new SeqRange(1, 2)));
    assertThat(s.add(5)).isEqualTo(new SeqRangeSet.Change(SeqRangeSet.Change.NONE, new SeqRange(5, 5)));
    assertThat(s.add(4)).isEqualTo(new SeqRangeSet.Change(5, new SeqRange(4, 5))); // extends down: lo moves
    assertThat(s.add(3)).isEqualTo(new SeqRangeSet.Change(4, new SeqRange(1, 5))); // joins both neighbours
    assertThat(s.ranges()).containsExactly(new SeqRange(1, 5));
    assertThat(s.count()).isEqualTo(5);
    assertThatThrownBy(() -> s.add(3)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void setOperationsAgreeWithATreeSet() {
    Random rnd = new Random(7);
    for (int round = 0; round < 200; round++) {
      TreeSet<Long> a = new TreeSet<>();
      TreeSet<Long> b = new TreeSet<>();
      for (int i = 0; i < 60; i++) a.add((long) rnd.nextInt(100));
      for (int i = 0; i < 60; i++) b.add((long) rnd.nextInt(100));
      SeqRangeSet sa = SeqRangeSet.of(a.stream().mapToLong(Long::longValue).toArray());
      SeqRangeSet sb = SeqRangeSet.of(b.stream().mapToLong(Long::longValue).toArray());
      TreeSet<Long> minus = new TreeSet<>(a);
      minus.removeAll(b);
      TreeSet<Long> inter = new TreeSet<>(a);
      inter.retainAll(b);
      TreeSet<Long> union = new TreeSet<>(a);
      union.addAll(b);
      assertThat(sa.minus(sb)).isEqualTo(SeqRangeSet.of(minus.stream().mapToLong(Long::longValue).toArray()));
      assertThat(sa.intersect(sb)).isEqualTo(SeqRangeSet.of(inter.stream().mapToLong(Long::longValue).toArray()));
      assertThat(sa.union(sb)).isEqualTo(SeqRangeSet.of(union.stream().mapToLong(Long::longValue).toArray()));
      assertThat(sa.count()).isEqualTo(a.size());
      for (long q = 0; q < 100; q++) assertThat(sa.contains(q)).isEqualTo(a.contains(q));
    }
  }

  @Test
  void buildsFromOverlappingRangesAndForgetsTheLowest() {
    SeqRangeSet s = SeqRangeSet.of(List.of(new SeqRange(10, 20), new SeqRange(1, 3), new SeqRange(4, 6), new SeqRange(15, 30)));
    assertThat(s.ranges()).containsExactly(new SeqRange(1, 6), new SeqRange(10, 30));
    assertThat(s.removeLowest()).isEqualTo(new SeqRange(1, 6));
    assertThat(s.ranges()).containsExactly(new SeqRange(10, 30));
    assertThat(s.toString()).isEqualTo("[10..30]");
  }
}
