package io.iotlakehouse.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.registry.mlflow.MlflowModelRegistry;
import io.iotlakehouse.registry.mlflow.MlflowTracker;
import io.iotlakehouse.registry.mlflow.RetryPolicy;
import io.iotlakehouse.registry.server.MlflowCompatibleServer;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfTestTest {
  @TempDir
  Path dir;

  @Test
  void everyStepPassesAgainstTheLocalServerAndARerunReusesNothingItShouldNot() {
    MlflowCompatibleServer server = new MlflowCompatibleServer().start("127.0.0.1", 0, dir.resolve("mlflow"));
    try (MlflowTracker tracker = new MlflowTracker(server.uri());
        MlflowModelRegistry registry = new MlflowModelRegistry(server.uri())) {
      SelfTest.Result first = new SelfTest(tracker, registry, dir.resolve("a")).run("lakehouse-selftest");
      assertThat(first.ok()).as(first.toJson()).isTrue();
      assertThat(first.steps()).containsExactly("experiment", "run", "upload", "register", "register-again", "alias",
          "get-by-alias", "download", "verify", "delete-alias");
      assertThat(first.toJson()).startsWith("{\"ok\":true,").contains("\"version\":\"1\"");
      SelfTest.Result second = new SelfTest(tracker, registry, dir.resolve("b")).run("lakehouse-selftest");
      assertThat(second.ok()).isTrue();
      assertThat(second.version()).isEqualTo("2"); // a new run is a new version; the same run never is
    } finally {
      server.stop();
    }
  }

  @Test
  void anUnreachableServerFailsAtTheFirstStepWithTheReason() {
    URI nowhere = URI.create("http://127.0.0.1:9"); // discard port: nothing listens
    try (MlflowTracker tracker = new MlflowTracker(nowhere, RetryPolicy.defaults().withMaxAttempts(1));
        MlflowModelRegistry registry = new MlflowModelRegistry(nowhere, RetryPolicy.defaults().withMaxAttempts(1))) {
      SelfTest.Result r = new SelfTest(tracker, registry, dir).run("lakehouse-selftest");
      assertThat(r.ok()).isFalse();
      assertThat(r.failedStep()).isEqualTo("experiment");
      assertThat(r.steps()).isEmpty();
      assertThat(r.toJson()).contains("\"ok\":false").contains("\"failed_step\":\"experiment\"");
    }
  }
}
