package io.iotlakehouse.batch.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.common.error.LakehouseException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TierPlanTest {
  private static final Instant NOW = Instant.parse("2026-11-24T05:30:00Z");

  @Test
  void bronzeMovesByIngestDateAndSilverByItsPartitionDates() {
    TierPlan.Policy p = TierPlan.policy(NOW, Duration.ofDays(30), Duration.ofDays(90), Duration.ofDays(365),
        Duration.ofDays(3), Duration.ofMinutes(5));
    assertThat(p.moves()).extracting(m -> m.table().name() + " < " + m.cutoff()).containsExactly(
        "bronze/telemetry < 2026-10-25", "silver/telemetry < 2026-08-26", "silver/quarantine < 2026-08-26",
        "silver/duplicates < 2026-08-26");
    assertThat(p.bronzeDeleteBefore()).contains(LocalDate.parse("2025-11-24"));
    assertThat(TierPlan.coldName(p.moves().get(1).table())).isEqualTo("silver_telemetry");
  }

  @Test
  void zeroBronzeRetentionKeepsRawBronzeForever() {
    assertThat(TierPlan.policy(NOW, Duration.ofDays(30), Duration.ofDays(90), Duration.ZERO, Duration.ofDays(3),
        Duration.ofMinutes(5)).bronzeDeleteBefore()).isEmpty();
  }

  @Test
  void silverMustStayHotWhileTheStreamCanStillWriteItsPartitions() {
    assertThatThrownBy(() -> TierPlan.policy(NOW, Duration.ofDays(30), Duration.ofDays(4), Duration.ZERO,
        Duration.ofDays(3), Duration.ofMinutes(5)))
        .isInstanceOf(LakehouseException.class)
        .hasMessageContaining("batch.tier.silver-hot 4d is too short")
        .hasMessageContaining("How to fix: set --conf batch.tier.silver-hot=5d or more");
  }

  @Test
  void rawBronzeIsNotDeletedBeforeItLeavesTheHotTier() {
    assertThatThrownBy(() -> TierPlan.policy(NOW, Duration.ofDays(30), Duration.ofDays(90), Duration.ofDays(10),
        Duration.ofDays(3), Duration.ofMinutes(5)))
        .isInstanceOf(LakehouseException.class)
        .hasMessageContaining("batch.tier.bronze-retention 10d is shorter than batch.tier.bronze-hot 30d");
  }
}
