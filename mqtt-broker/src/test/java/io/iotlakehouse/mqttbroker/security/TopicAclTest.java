package io.iotlakehouse.mqttbroker.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicAclTest {
  /** The local stack's default ACL. */
  static TopicAcl acl() {
    Properties p = new Properties();
    p.setProperty("device.publish", "devices/+/{id}/telemetry");
    p.setProperty("device.subscribe", "");
    p.setProperty("gateway.publish", "gateways/{id}/#");
    p.setProperty("gateway.subscribe", "devices/#, gateways/{id}/#");
    p.setProperty("monitor.subscribe", "gateways/#");
    return TopicAcl.from(p);
  }

  @ParameterizedTest(name = "{0} {1} {2} {3}: {4}")
  @CsvSource(delimiter = '|', value = {
      "device  | truck-0001 | publish   | devices/truck/truck-0001/telemetry | true",
      "device  | truck-0001 | publish   | devices/env/truck-0001/telemetry   | true",
      "device  | truck-0001 | publish   | devices/truck/truck-0002/telemetry | false",
      "device  | truck-0001 | publish   | devices/truck/truck-0001/commands  | false",
      "device  | truck-0001 | publish   | gateways/truck-0001/heartbeat      | false",
      "device  | truck-0001 | subscribe | devices/#                          | false",
      "device  | truck-0001 | subscribe | devices/truck/truck-0001/telemetry | false",
      "gateway | gw-1       | subscribe | devices/+/+/telemetry              | true",
      "gateway | gw-1       | subscribe | #                                  | false",
      "gateway | gw-1       | subscribe | gateways/gw-2/heartbeat            | false",
      "gateway | gw-1       | publish   | gateways/gw-1/heartbeat            | true",
      "gateway | gw-1       | publish   | gateways/gw-2/heartbeat            | false",
      "gateway | gw-1       | publish   | devices/truck/truck-0001/telemetry | false",
      "monitor | ops        | subscribe | gateways/+/heartbeat               | true",
      "monitor | ops        | subscribe | devices/#                          | false",
      "monitor | ops        | publish   | gateways/gw-1/heartbeat            | false",
  })
  void eachRoleGetsOnlyItsOwnTopics(String role, String id, String action, String topic, boolean allowed) {
    ClientIdentity who = ClientIdentity.decode(role + "/" + id).orElseThrow();
    TopicAcl acl = acl();
    assertThat(action.equals("publish") ? acl.mayPublish(who, topic) : acl.maySubscribe(who, topic)).isEqualTo(allowed);
  }
}
