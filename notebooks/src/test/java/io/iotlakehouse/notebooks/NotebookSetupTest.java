package io.iotlakehouse.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.common.config.Config;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotebookSetupTest {
  @Test
  void theKernelsConfigHasAbsolutePathsTheTrackingUriAndTheKeysTheUserSet() {
    Config config = Config.load(NotebookLake.keys(), null,
        List.of("lakehouse.work-dir=rel/work", "streaming.gold.health-window=20", "mlflow.tracking-uri=http://ignored:1"));
    List<String> lines = NotebookSetup.configLines(config, URI.create("http://127.0.0.1:5000"));
    assertThat(lines).contains("streaming.gold.health-window=20",
        "lakehouse.work-dir=" + Path.of("rel/work").toAbsolutePath(),
        "lake.root=" + Path.of("rel/work/lake").toAbsolutePath(),
        "mlflow.tracking-uri=http://127.0.0.1:5000").doesNotContain("mlflow.tracking-uri=http://ignored:1");
  }

  @Test
  void anObjectStoreLakeIsKeptAsItIs() {
    Config config = Config.load(NotebookLake.keys(), null, List.of("lake.root=s3a://bucket/lake"));
    assertThat(NotebookSetup.configLines(config, URI.create("http://m:5000"))).contains("lake.root=s3a://bucket/lake");
  }
}
