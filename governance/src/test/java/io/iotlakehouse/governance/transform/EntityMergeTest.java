package io.iotlakehouse.governance.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntityMergeTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static AtlasEntity job(long time, String run, Map<String, String> attrs) {
    return new AtlasEntity("lakehouse_streaming_job", "lakehouse://j", true,
        Map.of("qualifiedName", "lakehouse://j", "name", "j", "runIds", List.of(run), "lastEventTime", time,
            "jobAttributes", attrs), List.of(), List.of(), Map.of());
  }

  static AtlasEntity table(long version, List<String> columns) {
    return new AtlasEntity("lakehouse_delta_table", "file:///t", false,
        Map.of("qualifiedName", "file:///t", "name", "x.t", "currentVersion", version, "columns", columns), List.of(), List.of(), Map.of());
  }

  @Test
  void theSameEventTwiceChangesNothing() {
    ObjectNode first = EntityMerge.attributes(job(10, "r1", Map.of("checkpoint", "/c")), null);
    JsonNode atlas = first.deepCopy();
    ObjectNode again = EntityMerge.attributes(job(10, "r1", Map.of("checkpoint", "/c")), atlas);
    assertThat(EntityMerge.changed(again, atlas)).isFalse();
  }

  @Test
  void runIdsAccumulateAndTheNewerEventWins() throws Exception {
    JsonNode atlas = EntityMerge.attributes(job(10, "r1", Map.of("checkpoint", "/c", "a", "1")), null);
    ObjectNode newer = EntityMerge.attributes(job(20, "r2", Map.of("checkpoint", "/c2")), atlas);
    assertThat(newer.get("runIds").toString()).isEqualTo("[\"r1\",\"r2\"]");
    assertThat(newer.get("lastEventTime").asLong()).isEqualTo(20);
    assertThat(newer.get("jobAttributes")).isEqualTo(JSON.readTree("{\"checkpoint\":\"/c2\",\"a\":\"1\"}"));
    ObjectNode older = EntityMerge.attributes(job(5, "r0", Map.of("checkpoint", "/old")), newer);
    assertThat(older.get("lastEventTime").asLong()).isEqualTo(20);
    assertThat(older.at("/jobAttributes/checkpoint").asText()).isEqualTo("/c2");
    assertThat(older.get("runIds")).hasSize(3);
  }

  @Test
  void aTableVersionNeverGoesBackAndKeepsTheNewerSchema() {
    JsonNode atlas = EntityMerge.attributes(table(7, List.of("a:int", "b:int")), null);
    ObjectNode replayOld = EntityMerge.attributes(table(3, List.of("a:int")), atlas);
    assertThat(replayOld.get("currentVersion").asLong()).isEqualTo(7);
    assertThat(replayOld.get("columns")).hasSize(2);
    assertThat(EntityMerge.changed(replayOld, atlas)).isFalse();
    ObjectNode newer = EntityMerge.attributes(table(8, List.of("a:int", "b:int", "c:int")), atlas);
    assertThat(EntityMerge.changed(newer, atlas)).isTrue();
  }

  @Test
  void anAttributeTheTypeLacksIsNoChangeButAnUnsetOneIs() throws Exception {
    JsonNode atlas = JSON.readTree("{\"qualifiedName\":\"file:///t\",\"name\":\"x.t\",\"currentVersion\":7}");
    assertThat(EntityMerge.changed(EntityMerge.attributes(table(7L, List.of("a:int")), atlas), atlas)).isFalse();
    JsonNode unset = JSON.readTree("{\"qualifiedName\":\"file:///t\",\"name\":\"x.t\",\"currentVersion\":7,\"columns\":null}");
    assertThat(EntityMerge.changed(EntityMerge.attributes(table(7L, List.of("a:int")), unset), unset)).isTrue();
  }

  @Test
  void numbersCompareByValue() throws Exception {
    JsonNode atlas = JSON.readTree("{\"qualifiedName\":\"file:///t\",\"name\":\"x.t\",\"currentVersion\":7,\"columns\":[\"a:int\"]}");
    assertThat(EntityMerge.changed(EntityMerge.attributes(table(7L, List.of("a:int")), atlas), atlas)).isFalse();
  }
}
