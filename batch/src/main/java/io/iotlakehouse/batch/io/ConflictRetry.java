package io.iotlakehouse.batch.io;

import io.iotlakehouse.batch.MaintenanceKeys;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.streaming.io.DeltaConflicts;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Runs a maintenance commit (OPTIMIZE, DELETE, replace) again when it loses a race with a concurrent Delta commit
 * ({@link DeltaConflicts}), up to {@code batch.maintenance.max-attempts} with backoff from
 * {@code batch.maintenance.backoff}. Only the maintenance commit is retried: the stream it raced with has committed.
 */
public final class ConflictRetry {
  private final int maxAttempts;
  private final Duration first;

  public ConflictRetry(int maxAttempts, Duration first) {
    this.maxAttempts = maxAttempts;
    this.first = first;
  }

  public static ConflictRetry from(Config config) {
    return new ConflictRetry(config.get(MaintenanceKeys.MAX_ATTEMPTS), config.get(MaintenanceKeys.BACKOFF));
  }

  /** Runs {@code commit} (named {@code what} in logs and errors) until it succeeds or attempts run out. */
  public <T> T run(String what, Supplier<T> commit) {
    try {
      return DeltaConflicts.retry(what, maxAttempts, first, commit);
    } catch (RuntimeException e) {
      if (DeltaConflicts.conflict(e) == null) throw e;
      throw new LakehouseException(what + " lost " + maxAttempts + " races with concurrent commits",
          "another writer kept committing to the same files (" + DeltaConflicts.conflict(e).getClass().getSimpleName()
              + "); the streams were not affected, only this maintenance commit was given up",
          "run the job again later, or raise " + MaintenanceKeys.MAX_ATTEMPTS.name() + " / " + MaintenanceKeys.BACKOFF.name()
              + "; if it always collides, check that no other maintenance job rewrites the same partitions", e);
    }
  }
}
