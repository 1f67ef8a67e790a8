package org.rapaio.jupyter.kernel.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The fixed loop of the kernel's channels: it runs from the first iteration and survives a failed message. */
class LoopThreadTest {
  @Test
  void aFailedIterationDoesNotEndTheLoop() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    LoopThread loop = new LoopThread("test-loop", 1, () -> {
      if (calls.incrementAndGet() <= 3) {
        throw new NullPointerException("handlers not registered yet"); // the kernel's start race
      }
    });
    loop.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (calls.get() < 10 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    loop.shutdown();
    loop.join(Duration.ofSeconds(30).toMillis());
    assertThat(calls.get()).as("iterations after three failures").isGreaterThanOrEqualTo(10);
    assertThat(loop.isAlive()).isFalse();
  }

  @Test
  void aChannelThatAlwaysFailsStillStops() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    LoopThread loop = new LoopThread("broken-loop", 0, () -> {
      calls.incrementAndGet();
      throw new IllegalStateException("socket closed");
    });
    loop.setUncaughtExceptionHandler((t, e) -> { });
    loop.start();
    loop.join(Duration.ofSeconds(30).toMillis());
    assertThat(loop.isAlive()).isFalse();
    assertThat(calls.get()).isEqualTo(LoopThread.MAX_CONSECUTIVE_FAILURES);
  }
}
