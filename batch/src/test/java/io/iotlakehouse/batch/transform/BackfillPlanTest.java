package io.iotlakehouse.batch.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.common.error.LakehouseException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class BackfillPlanTest {
  private static final Instant NOW = Instant.parse("2026-11-24T05:30:00Z");
  private static final Duration LATE = Duration.ofDays(3);
  private static final Duration SKEW = Duration.ofMinutes(5);

  private static BackfillPlan plan(String from, String to, boolean acceptRecent) {
    return BackfillPlan.of(LocalDate.parse(from), LocalDate.parse(to), NOW, LATE, SKEW, acceptRecent);
  }

  @Test
  void readsTheDedupeHorizonBeforeTheRange() {
    BackfillPlan p = plan("2026-11-10", "2026-11-12", false);
    assertThat(p.lookbackFrom()).isEqualTo(LocalDate.parse("2026-11-06")); // 3d 5m, rounded up to 4 days
    assertThat(p.start()).isEqualTo(Instant.parse("2026-11-10T00:00:00Z"));
    assertThat(p.end()).isEqualTo(Instant.parse("2026-11-13T00:00:00Z"));
  }

  @Test
  void refusesAnEmptyRange() {
    assertThatThrownBy(() -> plan("2026-11-12", "2026-11-10", false)).isInstanceOf(LakehouseException.class)
        .hasMessageContaining("Backfill range 2026-11-12 .. 2026-11-10 is empty");
  }

  @Test
  void refusesTheDayBronzeStillWrites() {
    assertThatThrownBy(() -> plan("2026-11-20", "2026-11-24", true)).isInstanceOf(LakehouseException.class)
        .hasMessageContaining("the bronze stream still appends to ingest date 2026-11-24")
        .hasMessageContaining("How to fix: end the range on 2026-11-23 at the latest");
  }

  @Test
  void refusesARangeTheStreamCouldStillReceiveCopiesOfUnlessAccepted() {
    // ends 2026-11-21T00:00Z + 3d 5m = 2026-11-24T00:05Z, before now
    assertThat(plan("2026-11-19", "2026-11-20", false).to()).isEqualTo(LocalDate.parse("2026-11-20"));
    assertThatThrownBy(() -> plan("2026-11-19", "2026-11-21", false)).isInstanceOf(LakehouseException.class)
        .hasMessageContaining("whose events the silver stream could still accept until 2026-11-25T00:05:00Z")
        .hasMessageContaining("could reach silver twice")
        .hasMessageContaining("or pass --accept-recent");
    assertThat(plan("2026-11-19", "2026-11-23", true).from()).isEqualTo(LocalDate.parse("2026-11-19"));
  }
}
