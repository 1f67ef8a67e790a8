package io.iotlakehouse.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The module README promises an exact endpoint list; this keeps the promise true. */
class ReadmeEndpointsTest {
  @Test
  void readmeListsExactlyTheServedEndpoints(@TempDir Path dataDir) throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    String section = readme.substring(readme.indexOf("## Implemented endpoints"));
    String block = section.substring(section.indexOf("```\n") + 4, section.indexOf("\n```", section.indexOf("```\n")));
    List<String> documented = List.of(block.split("\n"));

    try (MlflowCompatibleServer server = new MlflowCompatibleServer().start("127.0.0.1", 0, dataDir)) {
      List<String> served = server.endpoints();
      assertThat(documented).containsExactlyElementsOf(served.stream().filter(e -> !e.contains("/ajax-api/")).toList());
      assertThat(served.stream().filter(e -> e.contains("/ajax-api/")).map(e -> e.replace("/ajax-api/", "/api/")))
          .containsExactlyInAnyOrderElementsOf(documented.stream().filter(e -> e.contains("/api/")).toList());
    }
  }
}
