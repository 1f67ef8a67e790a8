package io.iotlakehouse.edge.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.event.PayloadFormat;
import io.iotlakehouse.common.event.Telemetry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutboundTest {
  static String headers(Outbound o) {
    StringBuilder sb = new StringBuilder();
    for (Outbound.Header h : o.headers("gw-1")) sb.append(h.name()).append('=').append(new String(h.value(), StandardCharsets.UTF_8)).append(';');
    return sb.toString();
  }

  @Test
  void acceptedEventsGoToTelemetryKeyedByDeviceWithFormatHeaders() {
    Telemetry t = new Telemetry("env-001", 7, 1L, new Payload.Env(20, 50));
    Outbound o = Outbound.of(new Verdict.Accepted(t, PayloadFormat.JSON, 1), "devices/env/env-001/telemetry", new byte[] {1, 2}, 99, 1024);
    assertThat(o.target()).isEqualTo(Outbound.Target.TELEMETRY);
    assertThat(new String(o.key(), StandardCharsets.UTF_8)).isEqualTo("env-001");
    assertThat(o.seq()).isEqualTo(7);
    assertThat(headers(o)).isEqualTo("lakehouse.gateway=gw-1;lakehouse.received-at=99;lakehouse.format=json;lakehouse.schema-version=1;");
    assertThat(o.cost()).isEqualTo(Outbound.ENTRY_OVERHEAD + 2 + "devices/env/env-001/telemetry".length() + "json/1".length() + 7);
  }

  @Test
  void rejectedPayloadsGoToTheDeadLetterTopicTruncatedWithTheReason() {
    Outbound o = Outbound.of(new Verdict.Rejected("oversized", "payload of 10 bytes\nexceeds", null), "x/y", new byte[10], 5, 4);
    assertThat(o.target()).isEqualTo(Outbound.Target.DEAD_LETTER);
    assertThat(o.key()).isNull();
    assertThat(o.value()).hasSize(4);
    assertThat(o.seq()).isEqualTo(Outbound.NO_SEQ);
    assertThat(headers(o)).isEqualTo("lakehouse.gateway=gw-1;lakehouse.received-at=5;lakehouse.reason=oversized;"
        + "lakehouse.detail=payload of 10 bytes\nexceeds;lakehouse.mqtt-topic=x/y;lakehouse.original-bytes=10;");
  }

  @Test
  void anEventTaggedWithTheLocalModelCarriesItsNameAndVersionInHeaders() {
    Telemetry t = new Telemetry("env-001", 7, 1L, new Payload.Env(20, 50));
    Outbound plain = Outbound.of(new Verdict.Accepted(t, PayloadFormat.AVRO, 2), "devices/env/env-001/telemetry", new byte[] {1}, 99, 1024);
    assertThat(plain.withModel(null, null)).isSameAs(plain);
    Outbound tagged = plain.withModel("env-zscore", "3");
    assertThat(headers(tagged)).isEqualTo("lakehouse.gateway=gw-1;lakehouse.received-at=99;lakehouse.format=avro;"
        + "lakehouse.schema-version=2;lakehouse.model=env-zscore;lakehouse.model-version=3;");
    assertThat(tagged.cost()).isEqualTo(plain.cost() + "\nenv-zscore\n3".length());
  }
}
