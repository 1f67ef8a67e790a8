package io.iotlakehouse.registry.server.store;

import java.util.function.LongSupplier;

/**
 * Wall-clock milliseconds that never repeat or go backwards, so "newest first" orderings (experiments by
 * creation_time) are deterministic even when two objects are created within the same millisecond.
 */
public final class MonotonicClock implements LongSupplier {
  private final LongSupplier wallClock;
  private long last;

  public MonotonicClock(LongSupplier wallClock) {
    this.wallClock = wallClock;
  }

  public static MonotonicClock system() {
    return new MonotonicClock(System::currentTimeMillis);
  }

  @Override
  public synchronized long getAsLong() {
    last = Math.max(wallClock.getAsLong(), last + 1);
    return last;
  }
}
