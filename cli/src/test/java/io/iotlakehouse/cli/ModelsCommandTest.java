package io.iotlakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsCommandTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String RULES = "{\"rules\":[{\"device_kind\":\"truck\",\"sensor\":\"oil_pressure_kpa\",\"min\":150}]}";

  static JsonNode last(LakehouseCliTest.Run r) throws Exception {
    return JSON.readTree(r.out().strip().lines().reduce((a, b) -> b).orElseThrow());
  }

  @Test
  void keygenThenBundleThenVerifyAsAGatewayWould(@TempDir Path dir) throws Exception {
    LakehouseCliTest.Run keygen = LakehouseCliTest.run("models", "keygen", "--out", dir.resolve("keys").toString(), "--name", "release");
    assertThat(keygen.code()).isZero();
    JsonNode key = last(keygen);
    assertThat(key.path("key_id").asText()).hasSize(16);
    assertThat(keygen.out()).contains("--conf edge.model.trusted-keys=" + dir.resolve("keys/release.pub"));
    Files.writeString(dir.resolve("rules.json"), RULES);

    LakehouseCliTest.Run bundle = LakehouseCliTest.run("models", "bundle", "--zscore", dir.resolve("rules.json").toString(),
        "--name", "truck-oil", "--version", "4", "--key", dir.resolve("keys/release.key").toString(),
        "--out", dir.resolve("models/truck-oil-4").toString(), "--registry-model", "truck-oil", "--registry-version", "4",
        "--run-id", "r-1", "--training-data", "gold.sensor_averages=17", "--param", "note=x");
    assertThat(bundle.code()).as(bundle.err()).isZero();
    JsonNode b = last(bundle);
    assertThat(b.path("kind").asText()).isEqualTo("zscore");
    assertThat(b.path("key_id").asText()).isEqualTo(key.path("key_id").asText());
    assertThat(b.path("files").toString()).isEqualTo("[\"zscore.json\"]");
    String manifest = Files.readString(dir.resolve("models/truck-oil-4/manifest.json"));
    assertThat(manifest).contains("\"registry_model\":\"truck-oil\"", "\"run_id\":\"r-1\"",
        "\"training_data\":{\"gold.sensor_averages\":\"17\"}", "\"parameters\":{\"note\":\"x\"}", "\"created_at\":");

    LakehouseCliTest.Run ok = LakehouseCliTest.run("models", "verify", "--bundle", dir.resolve("models/truck-oil-4").toString(),
        "--trusted-key", dir.resolve("keys/release.pub").toString());
    assertThat(ok.code()).isZero();
    assertThat(last(ok).path("bundle_id").asText()).isEqualTo(b.path("bundle_id").asText());

    LakehouseCliTest.run("models", "keygen", "--out", dir.resolve("keys").toString(), "--name", "other");
    LakehouseCliTest.Run unknown = LakehouseCliTest.run("models", "verify", "--bundle", dir.resolve("models/truck-oil-4").toString(),
        "--trusted-key", dir.resolve("keys/other.pub").toString());
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(last(unknown).path("reason").asText()).isEqualTo("unknown_key");
    assertThat(unknown.out()).contains("is signed by key " + key.path("key_id").asText() + ", which is not trusted");
  }

  @Test
  void badInputFailsWithWhatAndHowToFix(@TempDir Path dir) throws Exception {
    LakehouseCliTest.run("models", "keygen", "--out", dir.toString());
    String keyFile = dir.resolve("dev.key").toString();
    Files.writeString(dir.resolve("bad.json"), "{\"rules\":[{\"device_kind\":\"env\",\"sensor\":\"pressure\",\"max\":1}]}");
    String[][] cases = {
        {"models bundle --name m --version 1 --key " + keyFile + " --out " + dir.resolve("b"), "Give exactly one of --model-dir and --zscore"},
        {"models bundle --zscore " + dir.resolve("bad.json") + " --name m --version 1 --key " + keyFile + " --out " + dir.resolve("b"),
            "env has no sensor 'pressure'"},
        {"models bundle --model-dir " + dir.resolve("nothing") + " --name m --version 1 --key " + keyFile + " --out " + dir.resolve("b"),
            "Cannot build a xgboost-rul bundle"},
        {"models bundle --zscore " + dir.resolve("bad.json") + " --name m --version 1 --key " + dir.resolve("dev.pub") + " --out " + dir.resolve("b"),
            "Cannot use the signing key"},
        {"models keygen --out " + dir, "existing keys are never overwritten"},
        {"models keygen --name ../x", "--name '../x' is not a file name"},
        {"models status", "mqtt.host"},
        {"models rollout --model m --version 1", "mqtt.host"},
    };
    for (String[] c : cases) {
      LakehouseCliTest.Run r = LakehouseCliTest.run(c[0].split(" "));
      assertThat(r.code()).as(c[0]).isEqualTo(2);
      assertThat(r.err()).as(c[0]).startsWith("error: ").contains(c[1]).contains("How to fix:");
    }
    assertThat(dir.resolve("b")).doesNotExist();
  }
}
