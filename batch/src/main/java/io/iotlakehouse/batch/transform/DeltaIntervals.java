package io.iotlakehouse.batch.transform;

import java.time.Duration;
import java.util.Locale;

/** Parses Delta's interval table properties, e.g. {@code delta.deletedFileRetentionDuration = "interval 1 week"}. */
public final class DeltaIntervals {
  private DeltaIntervals() {}

  /** Delta's default of {@code delta.deletedFileRetentionDuration}: files removed less than a week ago are kept. */
  public static final Duration DEFAULT_DELETED_FILE_RETENTION = Duration.ofDays(7);

  /**
   * {@code "interval 1 week"}, {@code "interval 2 days 12 hours"}, {@code "168 hours"}: sums of whole numbers of weeks,
   * days, hours, minutes, seconds, milliseconds or microseconds (singular or plural).
   */
  public static Duration parse(String text) {
    String[] parts = text.trim().toLowerCase(Locale.ROOT).split("\\s+");
    int i = parts.length > 0 && parts[0].equals("interval") ? 1 : 0;
    if ((parts.length - i) % 2 != 0 || parts.length - i == 0) throw bad(text);
    Duration total = Duration.ZERO;
    for (; i < parts.length; i += 2) {
      long n;
      try {
        n = Long.parseLong(parts[i]);
      } catch (NumberFormatException e) {
        throw bad(text);
      }
      String unit = parts[i + 1].endsWith("s") ? parts[i + 1].substring(0, parts[i + 1].length() - 1) : parts[i + 1];
      total = total.plus(switch (unit) {
        case "week" -> Duration.ofDays(7 * n);
        case "day" -> Duration.ofDays(n);
        case "hour" -> Duration.ofHours(n);
        case "minute" -> Duration.ofMinutes(n);
        case "second" -> Duration.ofSeconds(n);
        case "millisecond" -> Duration.ofMillis(n);
        case "microsecond" -> Duration.ofNanos(n * 1000);
        default -> throw bad(text);
      });
    }
    return total;
  }

  private static IllegalArgumentException bad(String text) {
    return new IllegalArgumentException("'" + text + "' is not a Delta interval such as 'interval 1 week' or 'interval 36 hours'");
  }
}
