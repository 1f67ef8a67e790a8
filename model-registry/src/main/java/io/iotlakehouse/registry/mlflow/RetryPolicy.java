package io.iotlakehouse.registry.mlflow;

import java.time.Duration;

/**
 * How often and how patiently calls to MLflow are retried after a connection error or a 5xx/429 reply:
 * {@code maxAttempts} tries in all, waiting {@code initialBackoff}, then multiplying the wait by
 * {@code multiplier} up to {@code maxBackoff}. The {@link Sleeper} is replaceable so tests need not wait.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff,
    Sleeper sleeper) {

  /** Waits between attempts. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1 but was " + maxAttempts);
    }
    if (multiplier < 1) {
      throw new IllegalArgumentException("multiplier must be at least 1 but was " + multiplier);
    }
  }

  /** 5 attempts, waiting 0.2 s, 0.4 s, 0.8 s, 1.6 s (at most 5 s each). */
  public static RetryPolicy defaults() {
    return new RetryPolicy(5, Duration.ofMillis(200), 2.0, Duration.ofSeconds(5),
        d -> Thread.sleep(d.toMillis()));
  }

  public RetryPolicy withSleeper(Sleeper newSleeper) {
    return new RetryPolicy(maxAttempts, initialBackoff, multiplier, maxBackoff, newSleeper);
  }

  public RetryPolicy withMaxAttempts(int attempts) {
    return new RetryPolicy(attempts, initialBackoff, multiplier, maxBackoff, sleeper);
  }

  Duration backoff(int failedAttempts) {
    double millis = initialBackoff.toMillis() * Math.pow(multiplier, failedAttempts - 1);
    return Duration.ofMillis((long) Math.min(millis, maxBackoff.toMillis()));
  }
}
