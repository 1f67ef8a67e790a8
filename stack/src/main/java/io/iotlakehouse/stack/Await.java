package io.iotlakehouse.stack;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds, the deadline passes, or the watched child process dies. */
final class Await {
  private Await() {}

  static void ready(String service, ChildProcess child, Duration timeout, BooleanSupplier ready) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (child != null && !child.isAlive()) {
        throw StackException.notReady(service, "its process exited", child);
      }
      if (ready.getAsBoolean()) return;
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw StackException.notReady(service, "interrupted while waiting", child);
      }
    }
    throw StackException.notReady(service, "not ready after " + timeout.toSeconds() + " s", child);
  }
}
