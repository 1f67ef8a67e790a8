package io.iotlakehouse.training.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Runs independent trainings side by side, each booster on a single XGBoost (OpenMP) thread. On small data such
 * as C-MAPSS this beats one booster on several threads: OpenMP synchronises at every tree level, and its
 * spin-waiting threads become ten times slower (measured: 0.9 s vs 14 s for the same fit) when another process
 * holds one of the cores, as on a shared 2-core machine. One thread per booster never waits on another.
 */
public final class Parallel {

  /** XGBoost threads per booster when trainings run side by side. */
  public static final int THREADS_PER_BOOSTER = 1;

  private Parallel() {}

  /** {@code task.apply(i)} for i in 0..n-1 on up to {@code parallelism} threads; results in index order. */
  public static <T> List<T> map(int n, int parallelism, IntFunction<T> task) {
    if (parallelism <= 1 || n <= 1) {
      List<T> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(task.apply(i));
      }
      return out;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, n), r -> {
      Thread t = new Thread(r, "xgb-train");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<T>> futures = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> task.apply(index)));
      }
      List<T> out = new ArrayList<>(n);
      for (Future<T> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while training", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
