package io.iotlakehouse.streaming.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.exceptions.ConcurrentAppendException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeltaConflictsTest {
  @Test
  void backoffDoublesUpToTheCapWithUpToHalfAsMuchJitter() {
    Duration first = Duration.ofSeconds(2);
    assertThat(DeltaConflicts.backoff(first, 1, 0)).isEqualTo(Duration.ofSeconds(2));
    assertThat(DeltaConflicts.backoff(first, 2, 0)).isEqualTo(Duration.ofSeconds(4));
    assertThat(DeltaConflicts.backoff(first, 4, 0)).isEqualTo(Duration.ofSeconds(16));
    assertThat(DeltaConflicts.backoff(first, 4, 0.999)).isEqualTo(Duration.ofMillis(16_000 + 7_992));
    assertThat(DeltaConflicts.backoff(first, 30, 0)).isEqualTo(DeltaConflicts.MAX_BACKOFF);
    assertThatThrownBy(() -> DeltaConflicts.backoff(first, 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCommitThatLostARaceRunsAgain() {
    AtomicInteger attempts = new AtomicInteger();
    String result = DeltaConflicts.retry("test commit", 3, Duration.ofMillis(1), () -> {
      if (attempts.incrementAndGet() < 3) throw new ConcurrentAppendException("files were added to partition [d=1]");
      return "committed";
    });
    assertThat(result).isEqualTo("committed");
    assertThat(attempts).hasValue(3);
  }

  @Test
  void givesUpAfterTheLastAttemptAndNeverRetriesOtherErrors() {
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(() -> DeltaConflicts.retry("test commit", 2, Duration.ofMillis(1), () -> {
      attempts.incrementAndGet();
      throw new ConcurrentAppendException("again");
    })).isInstanceOf(ConcurrentAppendException.class);
    assertThat(attempts).hasValue(2);

    attempts.set(0);
    assertThatThrownBy(() -> DeltaConflicts.retry("test commit", 5, Duration.ofMillis(1), () -> {
      attempts.incrementAndGet();
      throw new IllegalStateException("not a conflict", new RuntimeException());
    })).isInstanceOf(IllegalStateException.class);
    assertThat(attempts).hasValue(1);
    assertThat(DeltaConflicts.conflict(new RuntimeException(new ConcurrentAppendException("wrapped")))).isNotNull();
  }
}
