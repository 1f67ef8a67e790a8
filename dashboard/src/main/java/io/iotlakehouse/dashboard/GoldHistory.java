package io.iotlakehouse.dashboard;

import java.time.Instant;
import java.util.List;

/**
 * History of the 5-minute sliding-window sensor averages: the gold Delta table {@code <lake.root>/gold/sensor_rolling_5m}
 * (port; {@code io.DeltaKernelGoldHistory} reads it without Spark). Methods throw {@link SourceUnavailableException}
 * ({@code MISSING}) while the table does not exist.
 */
public interface GoldHistory {
  /** A series the table holds: one sensor of one device. */
  record SeriesKey(String deviceId, String kind, String sensor) {}

  /** One window of a series. */
  record Window(Instant windowStart, Instant windowEnd, double avg, double min, double max, long count) {}

  /** The series with at least one window ending after {@code since}. */
  List<SeriesKey> series(Instant since);

  /** The windows of one series ending after {@code since}, in any order. */
  List<Window> windows(String deviceId, String sensor, Instant since);

  /** Where the table is, for the page. */
  String location();
}
