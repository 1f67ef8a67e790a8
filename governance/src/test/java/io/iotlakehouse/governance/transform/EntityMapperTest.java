package io.iotlakehouse.governance.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.common.lineage.LineageDataset;
import io.iotlakehouse.common.lineage.LineageEvent;
import io.iotlakehouse.common.lineage.LineageEvents;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntityMapperTest {
  static final LineageDataset TOPIC = LineageDataset.kafkaTopic("127.0.0.1:19092", "iot-telemetry",
      List.of(new LineageDataset.Field("payload.lat", "double"), new LineageDataset.Field("seq", "long")));
  static final LineageDataset SILVER = LineageDataset.deltaTable("/lake/silver/telemetry", "silver", "telemetry", 12L,
      List.of(new LineageDataset.Field("device_id", "string"), new LineageDataset.Field("lat", "double"),
          new LineageDataset.Field("lon", "double")));

  @Test
  void aStreamingEventBecomesItsDatasetsAndOneProcessLinkingThem() {
    LineageEvent e = new LineageEvent(LineageEvent.Type.RUNNING, Instant.ofEpochMilli(1000), "lakehouse", "silver-telemetry",
        LineageEvent.JobKind.STREAMING_JOB, "run-1", Map.of("checkpoint", "/lake/checkpoints/silver-telemetry"),
        List.of(TOPIC), List.of(SILVER));
    List<AtlasEntity> out = EntityMapper.map(e);
    assertThat(out).extracting(AtlasEntity::typeName)
        .containsExactly("kafka_topic", "lakehouse_delta_table", "lakehouse_streaming_job");
    AtlasEntity topic = out.get(0);
    assertThat(topic.attributes()).containsEntry("topic", "iot-telemetry").containsEntry("uri", "kafka://127.0.0.1:19092")
        .containsEntry("qualifiedName", "kafka://127.0.0.1:19092/iot-telemetry").doesNotContainKey("columns");
    assertThat(topic.classifications()).containsExactly(Map.entry("pii_gps_position", "payload.lat"));
    AtlasEntity silver = out.get(1);
    assertThat(silver.attributes()).containsEntry("name", "silver.telemetry").containsEntry("layer", "silver")
        .containsEntry("path", "/lake/silver/telemetry").containsEntry("format", "delta").containsEntry("currentVersion", 12L)
        .containsEntry("columns", List.of("device_id:string", "lat:double", "lon:double"));
    assertThat(silver.classifications()).containsExactly(Map.entry("pii_gps_position", "lat,lon"));
    AtlasEntity job = out.get(2);
    assertThat(job.process()).isTrue();
    assertThat(job.qualifiedName()).isEqualTo("lakehouse://silver-telemetry");
    assertThat(job.inputs()).containsExactly(TOPIC.qualifiedName());
    assertThat(job.outputs()).containsExactly("file:///lake/silver/telemetry");
    assertThat(job.attributes()).containsEntry("queryName", "silver-telemetry")
        .containsEntry("checkpoint", "/lake/checkpoints/silver-telemetry").containsEntry("runIds", List.of("run-1"))
        .containsEntry("lastEventTime", 1000L);
  }

  @Test
  void trainingAndDeploymentCarryVersionsAndTimes() {
    LineageDataset model = LineageDataset.modelVersion("rul", 3, "abc");
    List<LineageEvent> training = LineageEvents.training("retrain-rul", "abc", List.of(SILVER),
        LineageDataset.trainingDataset("rul-2026-11", Map.of("silver.telemetry", 12L)), model);
    AtlasEntity dataset = EntityMapper.map(training.get(0)).get(1);
    assertThat(dataset.typeName()).isEqualTo("lakehouse_training_dataset");
    assertThat(dataset.attributes()).containsEntry("tableVersions", Map.of("silver.telemetry", 12L));
    List<AtlasEntity> trained = EntityMapper.map(training.get(1));
    assertThat(trained.get(1).attributes()).containsEntry("modelName", "rul").containsEntry("modelVersion", 3)
        .containsEntry("mlflowRunId", "abc");
    assertThat(trained.get(2).typeName()).isEqualTo("lakehouse_training_job");
    List<AtlasEntity> deploy = EntityMapper.map(LineageEvents.edgeDeployment("gw-1", model, Instant.ofEpochMilli(5000)));
    assertThat(deploy).extracting(AtlasEntity::typeName)
        .containsExactly("lakehouse_model_version", "lakehouse_gateway", "lakehouse_edge_deployment");
    assertThat(deploy.get(2).attributes()).containsEntry("gatewayId", "gw-1").containsEntry("modelVersion", 3)
        .containsEntry("deployedAt", 5000L);
  }
}
