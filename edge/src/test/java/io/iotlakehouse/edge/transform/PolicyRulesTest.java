package io.iotlakehouse.edge.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyRulesTest {
  @ParameterizedTest(name = "{0} ~ {1}: {2}")
  @CsvSource({
    "devices/env/#,                devices/env/env-001/telemetry,   true",
    "devices/env/#,                devices/truck/t-1/telemetry,     false",
    "devices/+/+/telemetry,        devices/env/env-001/telemetry,   true",
    "devices/+/env-001/telemetry,  devices/env/env-002/telemetry,   false",
    "#,                            devices/env/env-001/telemetry,   true",
    "devices/env/+,                devices/env/env-001/telemetry,   false",
    "devices/env/env-001/telemetry/#, devices/env/env-001/telemetry, true",
  })
  void mqttFilterMatching(String filter, String topic, boolean matches) {
    assertThat(PolicyRules.matches(filter, topic)).isEqualTo(matches);
  }

  @Test
  void firstMatchingRuleWinsElseTheDefault() {
    PolicyRules rules = PolicyRules.parse("devices/env/env-007/#=block, devices/env/#=drop-oldest", FullPolicy.BLOCK);
    assertThat(rules.policyFor("devices/env/env-007/telemetry")).isEqualTo(FullPolicy.BLOCK);
    assertThat(rules.policyFor("devices/env/env-001/telemetry")).isEqualTo(FullPolicy.DROP_OLDEST);
    assertThat(rules.policyFor("devices/truck/t-1/telemetry")).isEqualTo(FullPolicy.BLOCK);
    assertThat(PolicyRules.parse("", FullPolicy.DROP_OLDEST).policyFor("devices/truck/t-1/telemetry")).isEqualTo(FullPolicy.DROP_OLDEST);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "devices/env/#                | is not <topic filter>=<policy>",
    "devices/env/#=keep           | unknown policy 'keep'",
    "devices/#/x=block            | has '#' other than as its whole last level",
    "devices/env+/#=block         | has '+' other than as a whole level",
    "=block                       | is not <topic filter>=<policy>",
  })
  void badRulesSayWhatIsWrong(String text, String message) {
    assertThatThrownBy(() -> PolicyRules.parse(text, FullPolicy.BLOCK)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message.trim());
  }
}
