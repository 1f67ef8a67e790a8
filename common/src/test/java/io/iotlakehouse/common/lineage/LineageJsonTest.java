package io.iotlakehouse.common.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LineageJsonTest {
  private static final LineageDataset BRONZE = LineageDataset.deltaTable("/lake/bronze/telemetry", "bronze", "telemetry", 7L,
      List.of(new LineageDataset.Field("key", "string"), new LineageDataset.Field("value", "binary")));

  @Test
  void roundTripsEveryPart() {
    LineageEvent e = new LineageEvent(LineageEvent.Type.RUNNING, Instant.parse("2026-11-24T10:00:00Z"), "lakehouse",
        "bronze-telemetry", LineageEvent.JobKind.STREAMING_JOB, UUID.randomUUID().toString(),
        Map.of("checkpoint", "/lake/checkpoints/bronze-telemetry"),
        List.of(LineageDataset.kafkaTopic("127.0.0.1:19092,127.0.0.1:19093", "iot-telemetry")), List.of(BRONZE));
    assertThat(LineageJson.parse(LineageJson.toBytes(e))).isEqualTo(e);
  }

  @Test
  void isOpenLineageRunEventJson() throws Exception {
    LineageEvent e = LineageEvent.of(LineageEvent.Type.START, "bronze-telemetry", LineageEvent.JobKind.STREAMING_JOB,
        UUID.randomUUID().toString(), Map.of(), List.of(), List.of(BRONZE));
    JsonNode json = new ObjectMapper().readTree(LineageJson.toBytes(e));
    assertThat(json.path("schemaURL").asText()).contains("openlineage.io/spec/2-0-2");
    assertThat(json.at("/job/namespace").asText()).isEqualTo("lakehouse");
    assertThat(json.at("/job/facets/jobType/processingType").asText()).isEqualTo("STREAMING");
    assertThat(json.at("/outputs/0/namespace").asText()).isEqualTo("file");
    assertThat(json.at("/outputs/0/name").asText()).isEqualTo("/lake/bronze/telemetry");
    assertThat(json.at("/outputs/0/facets/version/datasetVersion").asText()).isEqualTo("7");
    assertThat(json.at("/outputs/0/facets/schema/fields/1/name").asText()).isEqualTo("value");
  }

  @Test
  void aRunIdThatIsNotAUuidTravelsInTheRunFacet() throws Exception {
    LineageDataset model = LineageDataset.modelVersion("rul", 3, "0a1b2c3d4e5f60718293a4b5c6d7e8f9");
    List<LineageEvent> events = LineageEvents.training("retrain-rul", "0a1b2c3d4e5f60718293a4b5c6d7e8f9", List.of(BRONZE),
        LineageDataset.trainingDataset("rul-2026-11", Map.of("bronze.telemetry", 7L)), model);
    JsonNode json = new ObjectMapper().readTree(LineageJson.toBytes(events.get(1)));
    UUID.fromString(json.at("/run/runId").asText()); // OpenLineage requires a UUID
    assertThat(LineageJson.parse(LineageJson.toBytes(events.get(1)))).isEqualTo(events.get(1));
  }

  @Test
  void namesFollowOneConvention() {
    assertThat(LineageDataset.kafkaTopic("127.0.0.1:19092", "iot-telemetry").qualifiedName())
        .isEqualTo("kafka://127.0.0.1:19092/iot-telemetry");
    assertThat(BRONZE.qualifiedName()).isEqualTo("file:///lake/bronze/telemetry");
    assertThat(BRONZE.shortName()).isEqualTo("bronze.telemetry");
    assertThat(LineageDataset.deltaTable("s3a://bucket/lake/gold/x", "gold", "x", null, List.of()).qualifiedName())
        .isEqualTo("s3a://bucket/lake/gold/x");
    assertThat(LineageDataset.gateway("gw-1").qualifiedName()).isEqualTo("iot://gateways/gw-1");
    assertThat(LineageDataset.modelVersion("rul", 3, "r").qualifiedName()).isEqualTo("mlflow://models/rul/3");
  }

  @Test
  void theTelemetryTopicCarriesTheContractsFields() {
    assertThat(LineageEvents.telemetryTopic("127.0.0.1:19092", "iot-telemetry").fields())
        .extracting(LineageDataset.Field::name)
        .contains("device_id", "seq", "payload.lat", "payload.lon", "payload.sensors")
        .doesNotHaveDuplicates();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "not json | {oops | not_json",
      "array | [] | not_json",
      "no event type | {\"eventTime\":\"2026-11-24T10:00:00Z\"} | missing_field",
      "bad event type | {\"eventType\":\"DONE\"} | bad_event_type",
      "bad time | {\"eventType\":\"START\",\"eventTime\":\"yesterday\"} | bad_event_time",
      "no run | {\"eventType\":\"START\",\"eventTime\":\"2026-11-24T10:00:00Z\",\"job\":{}} | missing_field",
      "unknown job kind | {\"eventType\":\"START\",\"eventTime\":\"2026-11-24T10:00:00Z\",\"run\":{\"runId\":\"r\"},\"job\":{\"namespace\":\"n\",\"name\":\"j\",\"facets\":{\"lakehouse_job\":{\"kind\":\"cron\"}}}} | bad_job_kind",
      "unknown dataset kind | {\"eventType\":\"START\",\"eventTime\":\"2026-11-24T10:00:00Z\",\"run\":{\"runId\":\"r\"},\"job\":{\"namespace\":\"n\",\"name\":\"j\",\"facets\":{\"lakehouse_job\":{\"kind\":\"batch_job\"}}},\"inputs\":[{\"namespace\":\"n\",\"name\":\"d\"}]} | bad_dataset_kind",
      "dataset without name | {\"eventType\":\"START\",\"eventTime\":\"2026-11-24T10:00:00Z\",\"run\":{\"runId\":\"r\"},\"job\":{\"namespace\":\"n\",\"name\":\"j\",\"facets\":{\"lakehouse_job\":{\"kind\":\"batch_job\"}}},\"outputs\":[{\"namespace\":\"n\",\"facets\":{\"lakehouse_dataset\":{\"kind\":\"store\"}}}]} | missing_field",
  })
  void malformedEventsSayWhy(String what, String json, String reason) {
    assertThatThrownBy(() -> LineageJson.parse(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(MalformedLineageException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
