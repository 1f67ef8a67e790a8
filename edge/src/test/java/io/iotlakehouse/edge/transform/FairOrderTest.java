package io.iotlakehouse.edge.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FairOrderTest {
  /** Messages are "<device><n>"; the device is the letter ('-' stands for a dead letter without device). */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "a1 a2 a3 a4 b1          | a1 b1 a2 a3 a4",
      "a1 a2 b1 a3 c1 b2 a4    | a1 b1 c1 a2 b2 a3 a4",
      "b1 a1 a2 a3             | b1 a1 a2 a3",
      "a1 a2 a3                | a1 a2 a3",
      "a1 -1 a2 -2             | a1 -1 a2 -2",
      "a1                      | a1",
  })
  void devicesTakeTurnsAndEachKeepsItsOrder(String waiting, String expected) {
    List<String> in = Arrays.asList(waiting.split(" "));
    List<String> out = FairOrder.interleave(in, m -> m.startsWith("-") ? null : m.substring(0, 1));
    assertThat(String.join(" ", out)).isEqualTo(expected);
  }
}
