package io.iotlakehouse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every Kubernetes manifest under deploy/ validates against the vendored schema of its kind (no cluster runs here). */
class ManifestsTest {

  @Test
  void everyManifestValidatesAgainstTheSchemaOfItsKind() {
    Map<String, List<String>> failures = new TreeMap<>();
    List<String> kinds = new ArrayList<>();
    for (var file : Manifests.yamlFiles()) {
      for (var doc : Manifests.documents(file)) {
        kinds.add(doc.kind());
        List<String> v = Manifests.violations(doc.node());
        if (!v.isEmpty()) {
          failures.put(doc.toString(), v);
        }
      }
    }
    assertThat(failures).as("schema violations").isEmpty();
    assertThat(kinds).as("the production manifests").contains("sparkoperator.k8s.io/v1beta2 SparkApplication",
        "v1 ConfigMap", "v1 Secret", "v1 ServiceAccount", "rbac.authorization.k8s.io/v1 Role", "batch/v1 CronJob");
  }

  @Test
  void aSparkApplicationForEveryStreamingJob() {
    List<String> mains = new ArrayList<>();
    for (var file : Manifests.yamlFiles()) {
      for (var doc : Manifests.documents(file)) {
        if (doc.node().path("kind").asText().equals("SparkApplication")) {
          mains.add(doc.node().path("spec").path("mainClass").asText());
        }
      }
    }
    assertThat(mains).containsExactlyInAnyOrder("io.iotlakehouse.streaming.job.BronzeJob",
        "io.iotlakehouse.streaming.job.SilverJob", "io.iotlakehouse.streaming.job.GoldJob",
        "io.iotlakehouse.streaming.job.HotPathJob");
  }

  /** The check is not vacuous: typical mistakes in a real manifest are caught, each with the field named. */
  @Test
  void mistakesAreCaught() {
    var bronze = Manifests.documents(Manifests.DEPLOY.resolve("k8s/sparkapp-bronze.yaml")).get(0).node();

    ObjectNode typo = Manifests.copy(bronze);
    ((ObjectNode) typo.get("spec")).set("mainclass", typo.get("spec").get("mainClass"));
    assertThat(Manifests.violations(typo)).anyMatch(m -> m.contains("mainclass"));

    ObjectNode badMode = Manifests.copy(bronze);
    ((ObjectNode) badMode.get("spec")).put("mode", "standalone");
    assertThat(Manifests.violations(badMode)).anyMatch(m -> m.contains("mode"));

    ObjectNode badMemory = Manifests.copy(bronze);
    ((ObjectNode) badMemory.get("spec").get("executor")).put("memory", "4 GB");
    assertThat(Manifests.violations(badMemory)).anyMatch(m -> m.contains("memory"));

    ObjectNode noDriver = Manifests.copy(bronze);
    ((ObjectNode) noDriver.get("spec")).remove("driver");
    assertThat(Manifests.violations(noDriver)).anyMatch(m -> m.contains("driver"));

    ObjectNode unknownKind = Manifests.copy(bronze);
    unknownKind.put("kind", "SparkApp");
    assertThat(Manifests.violations(unknownKind)).singleElement().asString().startsWith("no schema");
  }
}
