package io.iotlakehouse.batch.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SyncPlanTest {
  @Test
  void filesAreComparedByNameWhateverTheirUri() {
    SyncPlan.Files f = SyncPlan.diff(
        List.of("file:/lake/gold/t/window_date=2026-11-20/a.parquet", "file:/lake/gold/t/b.parquet"),
        List.of("file:///lake/gold/t/window_date=2026-11-20/a.parquet", "file:/lake/gold/t/c.parquet"));
    assertThat(f.added()).containsExactly("file:/lake/gold/t/c.parquet");
    assertThat(f.removed()).containsExactly("file:/lake/gold/t/b.parquet");
    assertThat(f.none()).isFalse();
    assertThat(SyncPlan.diff(List.of("x/a.parquet"), List.of("y/a.parquet")).none()).isTrue();
  }
}
