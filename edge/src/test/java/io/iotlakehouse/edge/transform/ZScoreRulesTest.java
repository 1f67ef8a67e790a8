package io.iotlakehouse.edge.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.common.event.DeviceKind;
import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.event.Telemetry;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ZScoreRulesTest {
  static final ZScoreRules RULES = ZScoreRules.parse(("""
      {"rules": [
        {"device_kind": "env", "sensor": "temperature_c", "mean": 22, "std": 2, "max_z": 4},
        {"device_kind": "env", "sensor": "humidity_pct", "min": 10, "max": 90},
        {"device_kind": "truck", "sensor": "oil_pressure_kpa", "min": 150},
        {"device_kind": "truck", "sensor": "engine_temp_c", "max": 110}]}
      """).getBytes(StandardCharsets.UTF_8));

  static Telemetry env(double t, double h) {
    return new Telemetry("env-1", 5, 1000, new Payload.Env(t, h));
  }

  static Telemetry truck(double oil, double engineTemp) {
    return new Telemetry("truck-1", 6, 1000, new Payload.Truck(52, 13, 80, 1500, engineTemp, oil, 50, List.of()));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(env(22, 50), null),
        Arguments.of(env(30, 50), null), // |z| = 4 exactly: at the limit is not beyond it
        Arguments.of(env(30.5, 50), new Finding("z(temperature_c)", 4.25, 4, "temperature_c=30.5 is 4.25 std above the mean 22 (limit 4)")),
        Arguments.of(env(13, 50), new Finding("z(temperature_c)", 4.5, 4, "temperature_c=13 is 4.50 std below the mean 22 (limit 4)")),
        Arguments.of(env(22, 90), null),
        Arguments.of(env(22, 95), new Finding("humidity_pct", 95, 90, "humidity_pct=95 is above the maximum 90")),
        Arguments.of(env(40, 5), new Finding("z(temperature_c)", 9, 4,
            "temperature_c=40 is 9.00 std above the mean 22 (limit 4); humidity_pct=5 is below the minimum 10")),
        Arguments.of(env(Double.NaN, 50), null), // not a finite number: not judged (silver quarantines it)
        Arguments.of(env(Double.POSITIVE_INFINITY, 5), new Finding("humidity_pct", 5, 10, "humidity_pct=5 is below the minimum 10")),
        Arguments.of(truck(149.5, 90), new Finding("oil_pressure_kpa", 149.5, 150, "oil_pressure_kpa=149.5 is below the minimum 150")),
        Arguments.of(truck(1e6, 90), null), // no maximum
        Arguments.of(truck(300, 110), null),
        Arguments.of(truck(300, 111), new Finding("engine_temp_c", 111, 110, "engine_temp_c=111 is above the maximum 110")),
        Arguments.of(new Telemetry("tf-1", 1, 1, new Payload.Turbofan(1, 1, List.of(0.0, 0.0, 0.0),
            Collections.nCopies(21, 1e9))), null)); // no rule covers turbofans
  }

  @ParameterizedTest
  @MethodSource("cases")
  void judgesExactly(Telemetry event, Finding expected) {
    assertThat(RULES.judge(event)).isEqualTo(expected);
  }

  @Test
  void coversTheKindsItHasRulesFor() {
    assertThat(RULES.kinds()).containsExactlyInAnyOrder(DeviceKind.ENV, DeviceKind.TRUCK);
    assertThat(RULES.covers(DeviceKind.TURBOFAN)).isFalse();
  }

  @Test
  void turbofanSensorsAreNamedAsInGold() {
    ZScoreRules r = ZScoreRules.parse("{\"rules\":[{\"device_kind\":\"turbofan\",\"sensor\":\"s11\",\"max\":48}]}".getBytes(StandardCharsets.UTF_8));
    List<Double> sensors = new java.util.ArrayList<>(Collections.nCopies(21, 0.0));
    sensors.set(10, 48.5);
    assertThat(r.judge(new Telemetry("tf-1", 1, 1, new Payload.Turbofan(1, 1, List.of(0.0, 0.0, 0.0), sensors))))
        .isEqualTo(new Finding("s11", 48.5, 48, "s11=48.5 is above the maximum 48"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      not json                                                                                  | the rules are not JSON
      {}                                                                                        | expected {"rules": [ ... ]} with at least one rule
      {"rules": []}                                                                             | expected {"rules": [ ... ]} with at least one rule
      {"rules": [{"device_kind": "toaster", "sensor": "x", "max": 1}]}                          | rule 1: device_kind 'toaster' is not one of env, truck, turbofan
      {"rules": [{"device_kind": "env", "sensor": "pressure", "max": 1}]}                       | rule 1: env has no sensor 'pressure' (it has temperature_c, humidity_pct)
      {"rules": [{"device_kind": "env", "sensor": "temperature_c", "mean": 1, "std": 1, "max_z": 3, "max": 9}]} | rule 1 (temperature_c): give either mean, std and max_z (z-score) or min and/or max (bounds)
      {"rules": [{"device_kind": "env", "sensor": "temperature_c"}]}                            | rule 1 (temperature_c): give either
      {"rules": [{"device_kind": "env", "sensor": "temperature_c", "mean": 1, "std": 0, "max_z": 3}]} | rule 1 (temperature_c): std and max_z must be positive
      {"rules": [{"device_kind": "env", "sensor": "temperature_c", "mean": 1, "std": 1}]}       | rule 1: 'max_z' must be a number
      {"rules": [{"device_kind": "env", "sensor": "temperature_c", "mean": "hot", "std": 1, "max_z": 2}]} | rule 1: 'mean' must be a number
      {"rules": [{"device_kind": "env", "sensor": "humidity_pct", "max": 1}, {"device_kind": "env", "sensor": "humidity_pct", "min": 5, "max": 5}]} | rule 2 (humidity_pct): min must be below max
      {"rules": [{"device_kind": "env", "sensor": "humidity_pct", "maz": 1}]}                   | rule 1: unknown field 'maz'
      """)
  void badRulesAreRefusedSayingWhichRuleAndWhy(String json, String message) {
    assertThatThrownBy(() -> ZScoreRules.parse(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }
}
