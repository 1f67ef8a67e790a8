package io.iotlakehouse.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed notebooks: stripped of outputs, on the platform's kernel, and all of them shipped. */
class NotebookFilesTest {
  static List<Path> committed() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("."))) {
      return files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
    }
  }

  @Test
  void committedNotebooksHaveNoOutputs() throws IOException {
    assertThat(committed()).hasSize(3);
    for (Path nb : committed()) {
      JsonNode root = new ObjectMapper().readTree(nb.toFile());
      for (JsonNode cell : root.get("cells")) {
        if (cell.get("cell_type").asText().equals("code")) {
          assertThat(cell.get("outputs")).as("outputs of a cell of %s: strip them before committing", nb).isEmpty();
          assertThat(cell.get("execution_count").isNull()).as("execution count of a cell of %s", nb).isTrue();
        }
      }
      assertThat(root.at("/metadata/kernelspec/name").asText()).as("kernel of %s", nb).isEqualTo(KernelSpec.NAME);
    }
  }

  @Test
  void theShippedListIsTheNotebookFolder() throws IOException {
    assertThat(committed().stream().map(p -> p.getFileName().toString())).containsExactlyElementsOf(NotebookSetup.SHIPPED);
    for (String name : NotebookSetup.SHIPPED) {
      assertThat(NotebookSetup.class.getResource("/notebooks/" + name)).as("%s on the classpath", name).isNotNull();
    }
  }
}
