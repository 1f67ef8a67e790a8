package io.iotlakehouse.batch.transform;

import java.time.Duration;
import java.util.Random;

/**
 * Waits between attempts of a commit that lost a race: {@code first}, then doubled per attempt up to {@link #MAX},
 * each with up to 50% random jitter so two maintenance jobs that collided do not collide again in lockstep.
 */
public record Backoff(Duration first, int maxAttempts) {
  public static final Duration MAX = Duration.ofMinutes(2);

  public Backoff {
    if (first.isNegative() || first.isZero()) throw new IllegalArgumentException("first backoff must be positive, got " + first);
    if (maxAttempts < 1) throw new IllegalArgumentException("max attempts must be >= 1, got " + maxAttempts);
  }

  /**
   * The wait after failed attempt {@code attempt} (1-based): first * 2^(attempt-1), capped at {@link #MAX}, plus a
   * jitter in [0, 50%) drawn from {@code random}.
   */
  public Duration delayAfter(int attempt, Random random) {
    if (attempt < 1) throw new IllegalArgumentException("attempts are numbered from 1, got " + attempt);
    long base = first.toMillis();
    for (int i = 1; i < attempt && base < MAX.toMillis(); i++) base *= 2;
    base = Math.min(base, MAX.toMillis());
    return Duration.ofMillis(base + (long) (random.nextDouble() * base / 2));
  }
}
