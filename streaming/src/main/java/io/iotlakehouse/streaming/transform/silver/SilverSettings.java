package io.iotlakehouse.streaming.transform.silver;

import java.io.Serializable;
import java.time.Duration;

/**
 * The bounds silver's rules depend on, shipped to executors with the transform functions.
 *
 * @param futureSkewMillis how far ahead of its ingest time an event's timestamp may be
 * @param lateBoundMillis how much older than its ingest time an event may be
 */
public record SilverSettings(long futureSkewMillis, long lateBoundMillis) implements Serializable {
  public SilverSettings {
    if (futureSkewMillis < 0) throw new IllegalArgumentException("future skew must be >= 0, got " + futureSkewMillis + " ms");
    if (lateBoundMillis <= 0) throw new IllegalArgumentException("late bound must be > 0, got " + lateBoundMillis + " ms");
  }

  public static SilverSettings of(Duration futureSkew, Duration lateBound) {
    return new SilverSettings(futureSkew.toMillis(), lateBound.toMillis());
  }

  /**
   * Delay of silver's event-time watermark. An event that passed the time rules has {@code event_time >= ingest_time -
   * lateBound}, and every earlier accepted event had {@code event_time <= its ingest_time + futureSkew}; bronze ingest
   * times grow batch after batch, so with this delay an accepted event is never behind the watermark. The
   * {@code late_event} rule still guards the case where that assumption breaks (e.g. bronze clocks going backwards).
   */
  public long watermarkDelayMillis() {
    return lateBoundMillis + futureSkewMillis;
  }
}
