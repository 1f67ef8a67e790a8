package io.iotlakehouse.batch.transform;

import io.iotlakehouse.batch.LakeTables;
import io.iotlakehouse.batch.LakeTables.LakeTable;
import io.iotlakehouse.common.error.LakehouseException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tiering policy: which date partitions leave the hot Delta tables for the cold tier, and how long raw bronze is
 * kept at all. Bronze moves by ingest date; silver telemetry by event date and its quarantine and duplicates by ingest
 * date. Gold stays hot (aggregates are small and the dashboard and training read them).
 */
public final class TierPlan {
  private TierPlan() {}

  /** Partitions of {@code table} dated before {@code cutoff} move to the cold tier. */
  public record Move(LakeTable table, LocalDate cutoff) {}

  /** The policy resolved for one run. */
  public record Policy(List<Move> moves, Optional<LocalDate> bronzeDeleteBefore) {}

  /**
   * @param bronzeRetention 0 keeps raw bronze forever
   * @throws LakehouseException when silver would leave the hot tier while the silver stream can still write to its
   *     partitions, or raw bronze would be deleted before it leaves the hot tier
   */
  public static Policy policy(Instant now, Duration bronzeHot, Duration silverHot, Duration bronzeRetention,
      Duration lateBound, Duration futureSkew) {
    Duration open = lateBound.plus(futureSkew).plusDays(1);
    if (silverHot.compareTo(open) < 0) {
      throw new LakehouseException("batch.tier.silver-hot " + VacuumSafety.human(silverHot) + " is too short",
          "the silver stream still appends events up to streaming.silver.late-bound + future-skew ("
              + VacuumSafety.human(lateBound.plus(futureSkew)) + ") old to their event date, and a partition must be "
              + "closed before it moves, or rows arriving after the copy would be deleted with it",
          "set --conf batch.tier.silver-hot=" + VacuumSafety.human(Duration.ofDays(open.toDays() + 1)) + " or more");
    }
    if (!bronzeRetention.isZero() && bronzeRetention.compareTo(bronzeHot) < 0) {
      throw new LakehouseException("batch.tier.bronze-retention " + VacuumSafety.human(bronzeRetention)
          + " is shorter than batch.tier.bronze-hot " + VacuumSafety.human(bronzeHot),
          "raw bronze is deleted from the cold tier after the retention; it would be deleted before it ever got there",
          "set batch.tier.bronze-retention to 0d (keep forever) or at least " + VacuumSafety.human(bronzeHot));
    }
    List<Move> moves = new ArrayList<>();
    moves.add(new Move(LakeTables.get("bronze/telemetry"), date(now, bronzeHot)));
    for (String silver : List.of("silver/telemetry", "silver/quarantine", "silver/duplicates")) {
      moves.add(new Move(LakeTables.get(silver), date(now, silverHot)));
    }
    return new Policy(moves, bronzeRetention.isZero() ? Optional.empty() : Optional.of(date(now, bronzeRetention)));
  }

  /** The cold tier's table name for a lake table: {@code silver/telemetry} -> {@code silver_telemetry}. */
  public static String coldName(LakeTable table) {
    return table.name().replace('/', '_');
  }

  private static LocalDate date(Instant now, Duration age) {
    return now.minus(age).atZone(ZoneOffset.UTC).toLocalDate();
  }
}
