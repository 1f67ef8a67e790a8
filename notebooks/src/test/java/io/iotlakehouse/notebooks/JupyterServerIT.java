package io.iotlakehouse.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.stack.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Jupyter server `lakehouse notebooks` starts: loopback only, token required, the platform's kernel listed. */
@Tag("integration")
class JupyterServerIT {
  @TempDir Path work;

  @Test
  void servesTheKernelSpecOnLoopbackBehindItsToken() throws Exception {
    Jupyter jupyter = new Jupyter(Path.of("/usr/bin/jupyter"), work.resolve("jupyter")).requireInstalled();
    Path kernelJar = NotebooksIT.kernelClasspath().stream()
        .filter(p -> p.getFileName().toString().startsWith(KernelSpec.KERNEL_JAR_PREFIX)).findFirst().orElseThrow();
    KernelSpec.install(jupyter.kernelPath(), Path.of("java"), List.of(kernelJar), "1g", Map.of());
    Path notebooks = Files.createDirectories(work.resolve("notebooks"));
    int port = Ports.free();
    try (Jupyter.Server server = jupyter.start(notebooks, port, "s3cret", Map.of(), Duration.ofMinutes(3))) {
      assertThat(server.url()).isEqualTo("http://127.0.0.1:" + port + "/?token=s3cret");
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> specs = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/api/kernelspecs?token=s3cret")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(specs.statusCode()).isEqualTo(200);
      assertThat(specs.body()).contains("\"" + KernelSpec.NAME + "\"").contains(KernelSpec.DISPLAY_NAME);
      HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/api/kernelspecs")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(noToken.statusCode()).as("without the token").isEqualTo(403);

      assertThatThrownBy(() -> jupyter.start(notebooks, port, "x", Map.of(), Duration.ofSeconds(30)))
          .isInstanceOf(LakehouseException.class).hasMessageContaining("Port " + port + " is already in use")
          .hasMessageContaining("notebooks.port");
    }
    assertThat(Ports.inUse(port)).as("stopped").isFalse();
  }
}
