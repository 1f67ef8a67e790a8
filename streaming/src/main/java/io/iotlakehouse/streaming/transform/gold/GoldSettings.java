package io.iotlakehouse.streaming.transform.gold;

import java.io.Serializable;
import java.time.Duration;

/**
 * The parameters gold's transforms depend on.
 *
 * @param slideMillis slide of the 5-minute windows; divides {@link #WINDOW_MILLIS}
 * @param latenessMillis how far behind the newest event time gold keeps windows and hours open
 * @param healthWindow number of reported cycles in a turbofan health window (k)
 */
public record GoldSettings(long slideMillis, long latenessMillis, int healthWindow) implements Serializable {
  /** Length of the rolling sensor windows. */
  public static final long WINDOW_MILLIS = 5 * 60_000L;
  /** Length of a fleet KPI period. */
  public static final long HOUR_MILLIS = 3_600_000L;
  /** Longest gap between two fixes of a truck that still counts as driven distance (see {@link FleetKpis}). */
  public static final long MAX_SEGMENT_GAP_MILLIS = HOUR_MILLIS;

  public GoldSettings {
    if (slideMillis <= 0 || WINDOW_MILLIS % slideMillis != 0) {
      throw new IllegalArgumentException("slide must be > 0 and divide " + WINDOW_MILLIS + " ms, got " + slideMillis);
    }
    if (latenessMillis < 0) throw new IllegalArgumentException("lateness must be >= 0, got " + latenessMillis);
    if (healthWindow < 2) throw new IllegalArgumentException("health window must be >= 2 cycles, got " + healthWindow);
  }

  public static GoldSettings of(Duration slide, Duration lateness, int healthWindow) {
    return new GoldSettings(slide.toMillis(), lateness.toMillis(), healthWindow);
  }

  /** How many windows every event is in. */
  public int windowsPerEvent() {
    return (int) (WINDOW_MILLIS / slideMillis);
  }

  long slideMicros() {
    return slideMillis * 1000;
  }
}
