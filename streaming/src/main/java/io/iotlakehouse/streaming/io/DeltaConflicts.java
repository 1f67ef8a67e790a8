package io.iotlakehouse.streaming.io;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.apache.spark.sql.delta.DeltaConcurrentModificationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Delta commit again when it loses a race with a concurrent commit (ConcurrentAppendException,
 * ConcurrentDeleteReadException, MetadataChangedException, ...: Delta's DeltaConcurrentModificationException family),
 * with exponential backoff and jitter. Only for commits that are safe to redo: a MERGE of a deterministic source (gold's
 * recompute-and-replace), or the batch jobs' OPTIMIZE, DELETE and replace. Every other error is rethrown at once.
 */
public final class DeltaConflicts {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaConflicts.class);
  /** Longest wait between two attempts. */
  public static final Duration MAX_BACKOFF = Duration.ofMinutes(2);

  private DeltaConflicts() {}

  /**
   * @param what names the commit in log lines
   * @param maxAttempts attempts in all (1 = no retry)
   * @param first wait after the first failed attempt; doubled per further attempt up to {@link #MAX_BACKOFF}
   * @throws RuntimeException the last conflict when every attempt lost, or any other error at once
   */
  public static <T> T retry(String what, int maxAttempts, Duration first, Supplier<T> commit) {
    for (int attempt = 1; ; attempt++) {
      try {
        return commit.get();
      } catch (RuntimeException e) {
        DeltaConcurrentModificationException conflict = conflict(e);
        if (conflict == null || attempt >= maxAttempts) throw e;
        Duration wait = backoff(first, attempt, ThreadLocalRandom.current().nextDouble());
        LOG.warn("{}: attempt {} of {} lost a race with a concurrent commit ({}); retrying in {} ms", what, attempt,
            maxAttempts, conflict.getClass().getSimpleName(), wait.toMillis());
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * The wait after failed attempt {@code attempt} (1-based): first * 2^(attempt-1), capped at {@link #MAX_BACKOFF}, plus
   * {@code jitter} (0..1) times half of it, so two writers that collided do not collide again in lockstep.
   */
  public static Duration backoff(Duration first, int attempt, double jitter) {
    if (attempt < 1) throw new IllegalArgumentException("attempts are numbered from 1, got " + attempt);
    long base = first.toMillis();
    for (int i = 1; i < attempt && base < MAX_BACKOFF.toMillis(); i++) base *= 2;
    base = Math.min(base, MAX_BACKOFF.toMillis());
    return Duration.ofMillis(base + (long) (jitter * base / 2));
  }

  /** The Delta conflict in {@code e}'s cause chain, or null when it is another error. */
  public static DeltaConcurrentModificationException conflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DeltaConcurrentModificationException c) return c;
    }
    return null;
  }
}
