package io.iotlakehouse.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotlakehouse.common.error.LakehouseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSpecTest {
  @TempDir Path dir;
  final Path kernelJar = Path.of("/m2/io/github/padreati/rapaio-jupyter-kernel/3.0.1/rapaio-jupyter-kernel-3.0.1.jar");
  final List<Path> classpath = List.of(Path.of("/p/notebooks.jar"), kernelJar, Path.of("/m2/spark-sql.jar"));

  @Test
  void writesTheKernelJsonAndItsLoggingConfigs() throws Exception {
    Path spec = KernelSpec.install(dir, Path.of("/jdk/bin/java"), classpath, "3g", Map.of("LAKEHOUSE_NOTEBOOK_CONFIG", "/w/c.properties"));
    assertThat(spec).isEqualTo(dir.resolve("kernels/lakehouse-java"));
    JsonNode json = new ObjectMapper().readTree(spec.resolve("kernel.json").toFile());
    List<String> argv = new ArrayList<>();
    json.get("argv").forEach(a -> argv.add(a.asText()));
    assertThat(argv).startsWith("/jdk/bin/java", "-Xmx3g").endsWith(KernelSpec.MAIN, "{connection_file}")
        .contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false");
    String cp = argv.get(argv.indexOf("-cp") + 1);
    assertThat(cp).as("conf first (logging.properties), then the fixed LoopThread, then the kernel")
        .isEqualTo(spec.resolve("conf") + ":" + spec.resolve("patch") + ":" + kernelJar);
    assertThat(json.at("/env/RJK_CLASSPATH").asText()).isEqualTo("/p/notebooks.jar;/m2/spark-sql.jar");
    assertThat(json.at("/env/LAKEHOUSE_NOTEBOOK_CONFIG").asText()).isEqualTo("/w/c.properties");
    assertThat(json.at("/env/SPARK_LOCAL_IP").asText()).isEqualTo("127.0.0.1");
    assertThat(Files.readString(spec.resolve("conf/logging.properties"))).contains(".level=INFO").doesNotContain("FINEST");
    assertThat(Files.readString(spec.resolve("conf/log4j2.properties"))).contains("rootLogger.level=warn", "follow=true");
  }

  @Test
  void aClasspathWithoutTheKernelFailsWithHowToFix() {
    assertThatThrownBy(() -> KernelSpec.install(dir, Path.of("java"), List.of(Path.of("/p/a.jar")), "1g", Map.of()))
        .isInstanceOf(LakehouseException.class).hasMessageContaining("rapaio-jupyter-kernel").hasMessageContaining("./mvnw");
  }

  @Test
  void thePatchFolderHoldsOnlyTheFixedLoopThread() throws Exception {
    Path spec = KernelSpec.install(dir, Path.of("java"), classpath, "1g", Map.of());
    try (var files = Files.walk(spec.resolve("patch"))) {
      assertThat(files.filter(Files::isRegularFile).map(p -> spec.resolve("patch").relativize(p).toString()))
          .containsExactly(KernelSpec.LOOP_THREAD);
    }
    try (var in = KernelSpecTest.class.getResourceAsStream("/" + KernelSpec.LOOP_THREAD)) {
      assertThat(Files.readAllBytes(spec.resolve("patch").resolve(KernelSpec.LOOP_THREAD))).isEqualTo(in.readAllBytes());
    }
  }
}
