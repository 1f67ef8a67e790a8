package io.iotlakehouse.batch.io;

import io.iotlakehouse.batch.MaintenanceKeys;
import io.iotlakehouse.batch.transform.Backoff;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.error.LakehouseException;
import java.time.Duration;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.spark.sql.delta.DeltaConcurrentModificationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Delta commit of a maintenance job again when it loses a race with a concurrent commit (Delta's
 * ConcurrentAppendException, ConcurrentDeleteReadException, MetadataChangedException, ...: the
 * DeltaConcurrentModificationException family), waiting per {@link Backoff}. Only the maintenance commit is retried:
 * the stream it raced with has already committed and is never affected. Every other error is rethrown at once.
 */
public final class ConflictRetry {
  private static final Logger LOG = LoggerFactory.getLogger(ConflictRetry.class);

  private final Backoff backoff;
  private final Random random = new Random();

  public ConflictRetry(Backoff backoff) {
    this.backoff = backoff;
  }

  public static ConflictRetry from(Config config) {
    return new ConflictRetry(new Backoff(config.get(MaintenanceKeys.BACKOFF), config.get(MaintenanceKeys.MAX_ATTEMPTS)));
  }

  /** Runs {@code commit} (named {@code what} in logs and errors) until it succeeds or attempts run out. */
  public <T> T run(String what, Supplier<T> commit) {
    for (int attempt = 1; ; attempt++) {
      try {
        return commit.get();
      } catch (RuntimeException e) {
        DeltaConcurrentModificationException conflict = conflict(e);
        if (conflict == null) throw e;
        if (attempt >= backoff.maxAttempts()) {
          throw new LakehouseException(what + " lost " + attempt + " races with concurrent commits",
              "another writer kept committing to the same files (" + conflict.getClass().getSimpleName() + "); the streams "
                  + "were not affected, only this maintenance commit was given up",
              "run the job again later, or raise " + MaintenanceKeys.MAX_ATTEMPTS.name() + " / " + MaintenanceKeys.BACKOFF.name()
                  + "; if it always collides, check that no other maintenance job rewrites the same partitions",
              e);
        }
        Duration wait = backoff.delayAfter(attempt, random);
        LOG.warn("{}: attempt {} of {} lost a race with a concurrent commit ({}); retrying in {} ms", what, attempt,
            backoff.maxAttempts(), conflict.getClass().getSimpleName(), wait.toMillis());
        sleep(wait);
      }
    }
  }

  /** The Delta conflict in {@code e}'s cause chain, or null. */
  static DeltaConcurrentModificationException conflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DeltaConcurrentModificationException c) return c;
    }
    return null;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry a maintenance commit", ie);
    }
  }
}
