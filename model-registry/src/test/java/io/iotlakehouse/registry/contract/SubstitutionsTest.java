package io.iotlakehouse.registry.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubstitutionsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String RECORDED_RUN = "82bf7c9e0c574e5fbecfdf94595a2ed9";
  private static final String ACTUAL_RUN = "ffffffffffffffffffffffffffffffff";

  private final Substitutions subs = new Substitutions(List.of("contract-exp", "contract-model"), "p1-");

  @Test
  void prefixesCreatedNamesInNameFieldsFiltersAndMessagesOnly() throws Exception {
    assertThat(subs.json(MAPPER.readTree("{\"name\": \"contract-model\", \"value\": \"contract-model\"}"), false))
        .hasToString("{\"name\":\"p1-contract-model\",\"value\":\"contract-model\"}");
    assertThat(subs.filter("name LIKE 'contract%' and tags.purpose = 'contract recording'"))
        .isEqualTo("name LIKE 'p1-contract%' and tags.purpose = 'contract recording'");
    assertThat(subs.filter("name='no-such-model'")).isEqualTo("name='no-such-model'");
    assertThat(subs.message("Model Version (name=contract-model, version=99) not found"))
        .isEqualTo("Model Version (name=p1-contract-model, version=99) not found");
  }

  @Test
  void substitutesCapturedIdsInPathsUrisAndFields() throws Exception {
    subs.capture(exchange("/api/2.0/mlflow/experiments/create", "{\"name\": \"contract-exp\"}",
        "{\"experiment_id\": \"1\"}"), MAPPER.readTree("{\"experiment_id\": \"17\"}"));
    subs.capture(exchange("/api/2.0/mlflow/runs/create", "{\"experiment_id\": \"1\"}",
        "{\"run\": {\"info\": {\"run_id\": \"" + RECORDED_RUN + "\", \"run_name\": \"handsome-zebra-344\"}}}"),
        MAPPER.readTree("{\"run\": {\"info\": {\"run_id\": \"" + ACTUAL_RUN + "\", \"run_name\": \"calm-owl-1\"}}}"));

    assertThat(subs.text("/api/2.0/mlflow-artifacts/artifacts/1/" + RECORDED_RUN + "/artifacts/m"))
        .isEqualTo("/api/2.0/mlflow-artifacts/artifacts/17/" + ACTUAL_RUN + "/artifacts/m");
    assertThat(subs.text("mlflow-artifacts:/1")).isEqualTo("mlflow-artifacts:/17");
    assertThat(subs.text("##### File 1/" + RECORDED_RUN + "/x")).isEqualTo("##### File 17/" + ACTUAL_RUN + "/x");
    assertThat(subs.text("/api/2.0/mlflow/runs/get")).isEqualTo("/api/2.0/mlflow/runs/get");
    assertThat(subs.json(MAPPER.readTree("{\"experiment_id\": \"1\", \"experiment_ids\": [\"1\", \"0\"], "
        + "\"run_name\": \"handsome-zebra-344\"}"), false)).hasToString(
        "{\"experiment_id\":\"17\",\"experiment_ids\":[\"17\",\"0\"],\"run_name\":\"calm-owl-1\"}");
    assertThat(subs.json(MAPPER.readTree("{\"files\": [{\"path\": \"1\"}]}"), true))
        .hasToString("{\"files\":[{\"path\":\"17\"}]}");
  }

  @Test
  void writesJsonArtifactsLikePythonJsonDumpsWithIndent2() throws Exception {
    String json = PythonJson.dumpsIndent2(MAPPER.readTree(
        "{\"format\": \"contract-model\", \"version\": 1, \"weights\": \"weights.bin\", \"classes\": [\"cat\", \"dog\"]}"));

    assertThat(json).isEqualTo("{\n  \"format\": \"contract-model\",\n  \"version\": 1,\n  \"weights\": "
        + "\"weights.bin\",\n  \"classes\": [\n    \"cat\",\n    \"dog\"\n  ]\n}");
    assertThat(json.length()).as("the recorded file_size").isEqualTo(117);
  }

  @Test
  void regeneratesTheRecordedBinaryPayload() {
    String descriptor = "<binary 384 bytes sha256=6bb7ab3de7477e4be6105cff9a78f2cdb574751f2622410d29027c97538d88b7>";

    assertThat(BinaryPayloads.describe(BinaryPayloads.regenerate(descriptor))).isEqualTo(descriptor);
  }

  private static Exchange exchange(String path, String requestBody, String responseBody) throws Exception {
    return new Exchange(1, "x", new Exchange.Request("POST", path, null, "application/json",
        MAPPER.readTree(requestBody)), new Exchange.Response(200, null, MAPPER.readTree(responseBody)));
  }
}
