package io.iotlakehouse.edge.transform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoomTest {
  @ParameterizedTest(name = "budget {0}, used {1}, evictable {2}, size {3}, {4} -> {5} {6}")
  @CsvSource({
    // budget, used, evictable, size, policy,     decision,      evict
    "1000,     0,    0,         100,  BLOCK,       ACCEPT,        0",
    "1000,     900,  0,         100,  BLOCK,       ACCEPT,        0",   // exactly full is still within budget
    "1000,     950,  500,       100,  DROP_OLDEST, EVICT,         50",
    "1000,     950,  500,       100,  BLOCK,       EVICT,         50",  // telemetry makes room for billing data
    "1000,     950,  40,        100,  DROP_OLDEST, DROP_INCOMING, 0",   // nothing older to drop: it is the oldest
    "1000,     950,  40,        100,  BLOCK,       BLOCK,         0",
    "1000,     1000, 0,         1,    BLOCK,       BLOCK,         0",
    "1000,     1000, 1000,      1,    DROP_OLDEST, EVICT,         1",
  })
  void decides(long budget, long used, long evictable, long size, FullPolicy policy, Room.Kind kind, long evict) {
    Room.Decision d = Room.decide(budget, used, evictable, size, policy);
    assertThat(d.kind()).isEqualTo(kind);
    assertThat(d.evictBytes()).isEqualTo(evict);
  }
}
