package io.iotlakehouse.batch.transform;

import io.iotlakehouse.batch.BackfillKeys;
import io.iotlakehouse.common.error.LakehouseException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A backfill's range and what it reads: bronze ingest dates [from, to] are routed through silver again; the bronze rows
 * of the {@code lookback} days before are routed with them (and their results dropped), so the per-device state the
 * stream had at the start of the range (seqs already judged, the last GPS fix) is rebuilt: the same dedupe horizon the
 * stream keeps (late bound + future skew).
 *
 * @param from first bronze ingest date (UTC) re-routed
 * @param to last bronze ingest date (UTC, inclusive) re-routed
 * @param lookbackFrom first bronze ingest date read (state only)
 */
public record BackfillPlan(LocalDate from, LocalDate to, LocalDate lookbackFrom) {

  /** Start of the range (inclusive). */
  public Instant start() {
    return from.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** End of the range (exclusive): the start of the day after {@code to}. */
  public Instant end() {
    return to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /**
   * @param acceptRecent allow a range the silver stream could still receive copies of its events for
   * @throws LakehouseException for a range that is empty, still being written by bronze, or (unless acceptRecent)
   *     recent enough that a re-sent copy of a backfilled event could still enter silver
   */
  public static BackfillPlan of(LocalDate from, LocalDate to, Instant now, Duration lateBound, Duration futureSkew,
      boolean acceptRecent) {
    if (to.isBefore(from)) {
      throw new LakehouseException("Backfill range " + from + " .. " + to + " is empty", "the last date is before the first",
          "pass --from <first ingest date> --to <last ingest date>, e.g. --from " + to + " --to " + from);
    }
    LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
    if (!to.isBefore(today)) {
      throw new LakehouseException("Backfill range ends on " + to + ", but the bronze stream still appends to ingest date "
          + today + " (UTC)",
          "rows of a day still being ingested would be routed by the backfill and then again by the silver stream",
          "end the range on " + today.minusDays(1) + " at the latest");
    }
    Duration horizon = lateBound.plus(futureSkew);
    BackfillPlan plan = new BackfillPlan(from, to, from.minusDays(ceilDays(horizon)));
    Instant safe = plan.end().plus(horizon);
    if (!acceptRecent && now.isBefore(safe)) {
      throw new LakehouseException("Backfill range ends on " + to + ", whose events the silver stream could still accept "
          + "until " + safe,
          "a copy of one of these events re-sent after the backfill (a gateway replay) would be judged by the stream's own "
              + "dedupe state, which does not know the events the backfill newly accepted, and could reach silver twice; "
              + "after streaming.silver.late-bound + future-skew (" + VacuumSafety.human(horizon) + ") such a copy is "
              + "quarantined as too old instead",
          "run the backfill after " + safe + ", or pass --accept-recent (" + BackfillKeys.ACCEPT_RECENT.name()
              + "=true) and check silver with ./lakehouse audit afterwards");
    }
    return plan;
  }

  private static long ceilDays(Duration d) {
    long days = d.toDays();
    return d.equals(Duration.ofDays(days)) ? days : days + 1;
  }
}
