package io.iotlakehouse.batch.transform;

import io.iotlakehouse.common.error.LakehouseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides whether a VACUUM retention is safe for one table. VACUUM deletes the files the table stopped referencing
 * longer ago than the retention; a file is still needed when
 *
 * <ul>
 *   <li>a micro-batch wrote it and has not committed yet (any writer: covered by the table's
 *       {@code delta.deletedFileRetentionDuration}, Delta's own check, and by the safety margin);</li>
 *   <li>a reader still has to read a version that holds it: a stream that is behind (its checkpoint names the version),
 *       the Iceberg sync (it diffs the files of its last synced version), a pinned training version (time travel). A
 *       file of version V was removed after V, so a retention of at least the age of V keeps every file of V.</li>
 * </ul>
 *
 * The retention must cover each need's age plus a safety margin, and that margin must cover two of the longest
 * streaming trigger intervals (a stream's next batch, and one in flight).
 */
public final class VacuumSafety {
  private VacuumSafety() {}

  /** Something that needs the files of an old version: a stream, the Iceberg sync or a pin, with the version's age. */
  public record Need(String who, long version, Duration age) {}

  /** The outcome for a safe retention: the smallest safe retention and what set it. */
  public record Verdict(Duration retention, Duration minimum, String bindingConstraint) {}

  /**
   * @param table for messages
   * @param retention the retention asked for
   * @param deletedFileRetention the table's {@code delta.deletedFileRetentionDuration}
   * @param needs the readers and pins of this table's versions
   * @param margin {@code batch.vacuum.safety-margin}
   * @param longestTrigger the longest trigger interval of the streams
   * @throws LakehouseException when the retention is unsafe, naming every violated need, why, and the smallest safe value
   */
  public static Verdict check(String table, Duration retention, Duration deletedFileRetention, List<Need> needs,
      Duration margin, Duration longestTrigger) {
    checkMargin(margin, longestTrigger);
    Duration minimum = deletedFileRetention;
    String binding = "the table's delta.deletedFileRetentionDuration (" + human(deletedFileRetention) + ", Delta's own check)";
    List<String> violations = new ArrayList<>();
    if (retention.compareTo(deletedFileRetention) < 0) {
      violations.add("it is below the table's delta.deletedFileRetentionDuration of " + human(deletedFileRetention)
          + " (Delta's own safety check: an uncommitted micro-batch's files or a slow reader's files would be deleted)");
    }
    List<Need> sorted = new ArrayList<>(needs);
    sorted.sort(Comparator.comparing(Need::age).reversed());
    for (Need n : sorted) {
      Duration needed = n.age().plus(margin);
      if (needed.compareTo(minimum) > 0) {
        minimum = needed;
        binding = n.who() + " (version " + n.version() + ", " + approx(n.age()) + " old, + " + human(margin) + " margin)";
      }
      if (retention.compareTo(needed) < 0) {
        violations.add(n.who() + " still needs version " + n.version() + ", committed " + approx(n.age())
            + " ago (+ the " + human(margin) + " safety margin)");
      }
    }
    if (!violations.isEmpty()) {
      throw new LakehouseException("VACUUM of " + table + " with retention " + human(retention) + " refused",
          String.join("; ", violations),
          "use --conf batch.vacuum.retention=" + human(roundUp(minimum)) + " or more (set by " + binding + "), or release "
              + "what holds the old version: let the stream catch up, run batch iceberg-sync, or batch unpin a training "
              + "version that is no longer needed");
    }
    return new Verdict(retention, minimum, binding);
  }

  /**
   * The safety margin must cover two of the longest streaming trigger interval: a stream's micro-batch writes its files
   * before it commits them, and a reader's next batch reads versions committed by then.
   */
  public static void checkMargin(Duration margin, Duration longestTrigger) {
    if (margin.compareTo(longestTrigger.multipliedBy(2)) < 0) {
      throw new LakehouseException("VACUUM refused: batch.vacuum.safety-margin " + human(margin)
          + " is less than two of the longest streaming trigger interval (" + human(longestTrigger) + ")",
          "a stream's micro-batch writes its files before it commits them, and a reader's next batch reads versions that "
              + "are committed by then; a margin shorter than two triggers could delete files of either",
          "set --conf batch.vacuum.safety-margin=" + human(longestTrigger.multipliedBy(2)) + " or more");
    }
  }

  /** Rounds up to whole hours: Delta's VACUUM takes its retention in hours. */
  public static Duration roundUp(Duration d) {
    long hours = (d.toMillis() + 3_599_999) / 3_600_000;
    return Duration.ofHours(hours);
  }

  /** An age for people: whole days from 2 days on, whole hours from 2 hours on, then minutes, then seconds. */
  public static String approx(Duration d) {
    if (d.toDays() >= 2) return d.toDays() + "d";
    if (d.toHours() >= 2) return d.toHours() + "h";
    if (d.toMinutes() >= 2) return d.toMinutes() + "m";
    return d.toSeconds() + "s";
  }

  /** 7d, 36h, 90m, 45s, 500ms: the form config keys take. */
  public static String human(Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000 == 0 && ms > 0) return ms / 86_400_000 + "d";
    if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
    if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
    if (ms % 1000 == 0) return ms / 1000 + "s";
    return ms + "ms";
  }

  /**
   * The retention VACUUM really applies for {@code retention}. Delta's {@code vacuum(hours)} rounds the hours to a whole
   * number (1h29m would become 1h, deleting files younger than the retention checked as safe), while {@code vacuum()}
   * applies the table's {@code delta.deletedFileRetentionDuration} to the millisecond. So: the table's own retention
   * when it is the one asked for, else the asked retention rounded up to whole hours.
   */
  public static Duration effectiveRetention(Duration retention, Duration tableRetention) {
    return retention.equals(tableRetention) ? retention : roundUp(retention);
  }
}
