package io.iotlakehouse.batch.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.batch.transform.VacuumSafety.Need;
import io.iotlakehouse.common.error.LakehouseException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VacuumSafetyTest {
  private static final Duration WEEK = Duration.ofDays(7);
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration TRIGGER = Duration.ofSeconds(30);

  static Stream<Arguments> cases() {
    Need slowStream = new Need("stream silver-telemetry", 41, Duration.ofDays(8));
    Need pin = new Need("pin by retrain-2026-10", 7, Duration.ofDays(20));
    Need freshStream = new Need("stream gold-telemetry", 99, Duration.ofMinutes(2));
    return Stream.of(
        // retention, table's deletedFileRetention, needs, safe?, minimum, text in the refusal
        Arguments.of(WEEK, WEEK, List.of(), true, WEEK, null),
        Arguments.of(Duration.ofDays(6), WEEK, List.of(), false, WEEK, "below the table's delta.deletedFileRetentionDuration of 7d"),
        Arguments.of(Duration.ofHours(1), Duration.ofMinutes(30), List.of(), true, Duration.ofMinutes(30), null),
        Arguments.of(WEEK, WEEK, List.of(freshStream), true, WEEK, null),
        Arguments.of(WEEK, WEEK, List.of(slowStream), false, Duration.ofDays(8).plus(HOUR),
            "stream silver-telemetry still needs version 41, committed 8d ago (+ the 1h safety margin)"),
        Arguments.of(Duration.ofDays(8), WEEK, List.of(slowStream), false, Duration.ofDays(8).plus(HOUR), "version 41"),
        Arguments.of(Duration.ofDays(9), WEEK, List.of(slowStream, freshStream), true, Duration.ofDays(8).plus(HOUR), null),
        Arguments.of(Duration.ofDays(9), WEEK, List.of(slowStream, pin), false, Duration.ofDays(20).plus(HOUR),
            "pin by retrain-2026-10 still needs version 7, committed 20d ago"),
        Arguments.of(Duration.ofDays(30), WEEK, List.of(slowStream, pin), true, Duration.ofDays(20).plus(HOUR), null));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void retentionIsCheckedAgainstEveryNeed(Duration retention, Duration tableRetention, List<Need> needs, boolean safe,
      Duration minimum, String refusal) {
    if (safe) {
      VacuumSafety.Verdict v = VacuumSafety.check("silver/telemetry", retention, tableRetention, needs, HOUR, TRIGGER);
      assertThat(v.minimum()).isEqualTo(minimum);
      assertThat(v.retention()).isEqualTo(retention);
    } else {
      assertThatThrownBy(() -> VacuumSafety.check("silver/telemetry", retention, tableRetention, needs, HOUR, TRIGGER))
          .isInstanceOf(LakehouseException.class)
          .hasMessageStartingWith("VACUUM of silver/telemetry with retention " + VacuumSafety.human(retention) + " refused")
          .hasMessageContaining(refusal)
          .hasMessageContaining("How to fix: use --conf batch.vacuum.retention=" + VacuumSafety.human(VacuumSafety.roundUp(minimum)));
    }
  }

  @Test
  void aMarginShorterThanTwoTriggersIsRefused() {
    assertThatThrownBy(() -> VacuumSafety.check("bronze/telemetry", WEEK, WEEK, List.of(), Duration.ofSeconds(50), TRIGGER))
        .isInstanceOf(LakehouseException.class)
        .hasMessageContaining("batch.vacuum.safety-margin 50s is less than two of the longest streaming trigger interval (30s)")
        .hasMessageContaining("How to fix: set --conf batch.vacuum.safety-margin=1m or more");
  }

  @Test
  void theBindingConstraintIsNamed() {
    VacuumSafety.Verdict v = VacuumSafety.check("gold/turbofan_health", Duration.ofDays(30), WEEK,
        List.of(new Need("the Iceberg sync of lakehouse.gold.turbofan_health", 12, Duration.ofDays(10))), HOUR, TRIGGER);
    assertThat(v.bindingConstraint()).isEqualTo("the Iceberg sync of lakehouse.gold.turbofan_health (version 12, 10d old, + 1h margin)");
  }

  @Test
  void minimumsRoundUpToWholeHoursAndPrintInConfigForm() {
    assertThat(VacuumSafety.roundUp(Duration.ofMinutes(61))).isEqualTo(Duration.ofHours(2));
    assertThat(VacuumSafety.human(Duration.ofHours(49))).isEqualTo("49h");
    assertThat(VacuumSafety.human(Duration.ofDays(7))).isEqualTo("7d");
    assertThat(VacuumSafety.human(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(VacuumSafety.approx(Duration.ofDays(10).plusSeconds(7))).isEqualTo("10d");
    assertThat(VacuumSafety.approx(Duration.ofMinutes(150))).isEqualTo("2h");
    assertThat(VacuumSafety.approx(Duration.ofSeconds(95))).isEqualTo("95s");
  }

  @ParameterizedTest(name = "asked {0}, table {1} -> applied {2}")
  @MethodSource("effective")
  void vacuumNeverAppliesLessThanTheCheckedRetention(Duration asked, Duration table, Duration applied) {
    assertThat(VacuumSafety.effectiveRetention(asked, table)).isEqualTo(applied).isGreaterThanOrEqualTo(asked);
  }

  static Stream<Arguments> effective() {
    return Stream.of(
        // Delta's vacuum(hours) would round 1h29m down to 1h; it is applied as 2h
        Arguments.of(Duration.ofMinutes(89), HOUR, Duration.ofHours(2)),
        // the table's own retention is applied exactly (vacuum() without hours)
        Arguments.of(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(60)),
        Arguments.of(Duration.ofMinutes(90), Duration.ofMinutes(90), Duration.ofMinutes(90)),
        Arguments.of(WEEK, WEEK, WEEK),
        Arguments.of(Duration.ofDays(8), WEEK, Duration.ofDays(8)),
        Arguments.of(Duration.ofMinutes(1), Duration.ofSeconds(30), HOUR));
  }
}
