package io.iotlakehouse.mqttbroker.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicFiltersTest {
  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      "devices/+/env-001/telemetry | devices/env/env-001/telemetry   | true",
      "devices/+/env-001/telemetry | devices/env/env-002/telemetry   | false",
      "devices/+/env-001/telemetry | devices/env/env-001/telemetry/x | false",
      "devices/+/env-001/telemetry | devices/env/env-001             | false",
      "devices/#                   | devices                         | true",
      "devices/#                   | devices/truck/t-1/telemetry     | true",
      "devices/#                   | gateways/gw/heartbeat           | false",
      "#                           | $SYS/broker/uptime              | false",
      "+/broker/uptime             | $SYS/broker/uptime              | false",
      "$SYS/#                      | $SYS/broker/uptime              | true",
      "gateways/gw-1/#             | gateways/gw-1/heartbeat         | true",
      "gateways/gw-1/#             | gateways/gw-10/heartbeat        | false",
      "a//b                        | a//b                            | true",
      "a/+/b                       | a//b                            | true",
  })
  void matches(String filter, String topic, boolean expected) {
    assertThat(TopicFilters.matches(filter, topic)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} covers {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      "devices/#                   | devices/+/+/telemetry          | true",
      "devices/#                   | devices/#                      | true",
      "devices/#                   | devices                        | true",
      "devices/#                   | #                              | false",
      "devices/+/+/telemetry       | devices/#                      | false",
      "devices/+/+/telemetry       | devices/+/+/telemetry          | true",
      "devices/+/+/telemetry       | devices/env/env-1/telemetry    | true",
      "devices/env/+/telemetry     | devices/+/env-1/telemetry      | false",
      "devices/+/env-1/telemetry   | devices/+/+/telemetry          | false",
      "#                           | $SYS/#                         | false",
      "#                           | anything/at/all                | true",
      "a/b                         | a/b/c                          | false",
      "a/b/c                       | a/b                            | false",
  })
  void covers(String allowed, String requested, boolean expected) {
    assertThat(TopicFilters.covers(allowed, requested)).isEqualTo(expected);
  }
}
