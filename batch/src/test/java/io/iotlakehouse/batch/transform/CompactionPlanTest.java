package io.iotlakehouse.batch.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.batch.LakeTables;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompactionPlanTest {
  private static List<String> files(String column, String date, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add("file:/lake/silver/telemetry/" + column + "=" + date + "/part-0000" + i + "-x.snappy.parquet");
    return out;
  }

  @Test
  void rewritesClosedPartitionsWithMoreThanOneFile() {
    List<String> files = new ArrayList<>();
    files.addAll(files("event_date", "2026-11-20", 12));
    files.addAll(files("event_date", "2026-11-21", 1)); // already compacted
    files.addAll(files("event_date", "2026-11-22", 7));
    files.addAll(files("event_date", "2026-11-23", 30)); // open: the stream still appends
    CompactionPlan.Plan plan = CompactionPlan.plan(LakeTables.get("silver/telemetry"), files, LocalDate.parse("2026-11-23"));
    assertThat(plan.rewrite()).containsExactly(new CompactionPlan.Part("event_date = '2026-11-20'", LocalDate.parse("2026-11-20"), 12),
        new CompactionPlan.Part("event_date = '2026-11-22'", LocalDate.parse("2026-11-22"), 7));
    assertThat(plan.filesToRewrite()).isEqualTo(19);
    assertThat(plan.filesLeft()).isEqualTo(31);
  }

  @Test
  void anUnpartitionedTableIsRewrittenAsAWhole() {
    List<String> files = List.of("file:/lake/gold/_progress/part-1.parquet", "file:/lake/gold/_progress/part-2.parquet");
    assertThat(CompactionPlan.plan(LakeTables.get("gold/_progress"), files, LocalDate.MIN).rewrite())
        .containsExactly(new CompactionPlan.Part(null, null, 2));
    assertThat(CompactionPlan.plan(LakeTables.get("gold/_progress"), files.subList(0, 1), LocalDate.MIN).rewrite()).isEmpty();
  }

  @Test
  void cutoffIsTheUtcDateOfNowMinusTheMinimumAge() {
    Instant now = Instant.parse("2026-11-24T05:30:00Z");
    assertThat(CompactionPlan.cutoff(now, Duration.ofDays(1))).isEqualTo(LocalDate.parse("2026-11-23"));
    assertThat(CompactionPlan.cutoff(now, Duration.ofHours(5))).isEqualTo(LocalDate.parse("2026-11-24"));
    assertThat(CompactionPlan.cutoff(now, Duration.ofHours(6))).isEqualTo(LocalDate.parse("2026-11-23"));
  }

  @Test
  void unpartitionedMergeTablesWaitForTheGoldStreamToStop() {
    assertThat(CompactionPlan.refusals(LakeTables.get("gold/turbofan_health"), false)).singleElement().asString()
        .contains("gold/turbofan_health is unpartitioned and MERGEd into by the gold stream")
        .contains("--gold-stopped");
    assertThat(CompactionPlan.refusals(LakeTables.get("gold/turbofan_health"), true)).isEmpty();
    assertThat(CompactionPlan.refusals(LakeTables.get("gold/sensor_rolling_5m"), false)).isEmpty();
    assertThat(CompactionPlan.refusals(LakeTables.get("bronze/telemetry"), false)).isEmpty();
  }

  @Test
  void filesOutsideTheDeclaredPartitioningAreReported() {
    assertThatThrownBy(() -> PartitionFiles.count(List.of("file:/lake/silver/telemetry/part-1.parquet"), "event_date"))
        .hasMessageContaining("is not under a event_date=<date>/ folder");
    assertThat(PartitionFiles.count(List.of("s3a://b/lake/bronze/telemetry/ingest_date=2026-11-01/part-1.parquet",
        "s3a://b/lake/bronze/telemetry/ingest_date=2026-11-01/part-2.parquet"), "ingest_date"))
        .containsEntry(LocalDate.parse("2026-11-01"), 2);
  }
}
