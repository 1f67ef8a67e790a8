package io.iotlakehouse.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.registry.mlflow.MlflowModelRegistry;
import io.iotlakehouse.registry.server.MlflowCompatibleServer;
import io.iotlakehouse.streaming.io.GoldTables;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.io.SparkSessions;
import io.iotlakehouse.training.retrain.RetrainJob;
import io.iotlakehouse.training.retrain.RetrainResult;
import io.iotlakehouse.training.retrain.RetrainSettings;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every notebook executed headless, as a data scientist's kernel runs it: the kernel spec `lakehouse notebooks`
 * installs, against a small lake built by the platform's jobs, with an MLflow-compatible server holding a champion
 * trained by the monthly retrain. A notebook passes when nbconvert ran every cell without an error; then the rendered
 * chart of notebook 1 is checked in headless Chromium.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotebooksIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  /** The committed notebooks: the module folder (the tests run in it). */
  static final Path NOTEBOOKS = Path.of(".");
  static final Duration CELL_TIMEOUT = Duration.ofMinutes(5);
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(12);
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  static MlflowCompatibleServer mlflow;
  static Jupyter jupyter;
  static Path executed;
  static RetrainResult champion;

  @BeforeAll
  static void buildLakeAndKernel() throws Exception {
    jupyter = new Jupyter(Path.of("/usr/bin/jupyter"), work.resolve("jupyter")).requireInstalled();
    mlflow = new MlflowCompatibleServer().start("127.0.0.1", 0, work.resolve("mlflow"));
    Path conf = work.resolve("notebook.properties");
    Files.writeString(conf, String.join("\n", "lake.root=" + work.resolve("lake"), "spark.master=local[2]",
        "mlflow.tracking-uri=" + mlflow.uri(), "ml.retrain.rounds=10", ""));
    Config config = Config.load(NotebookLake.keys(), conf, List.of());

    SparkSession spark = SparkSessions.create("notebooks-it", "local[2]");
    try {
      new SmallLake(spark, config).build(System.currentTimeMillis());
      // the champion: the monthly retrain on this lake, promoted
      RetrainSettings settings = RetrainSettings.from(config, GoldTables.in(Lake.from(config)).turbofanHealth());
      champion = RetrainJob.run(spark, settings, mlflow.uri(), config, YearMonth.now(ZoneOffset.UTC), null, System.out::println);
      try (MlflowModelRegistry registry = new MlflowModelRegistry(mlflow.uri())) {
        for (RetrainResult.ModelResult m : champion.models()) {
          registry.setAlias(m.name(), RetrainJob.CHAMPION, m.version());
        }
      }
    } finally {
      spark.stop();
    }

    KernelSpec.install(jupyter.kernelPath(), Path.of(System.getProperty("java.home"), "bin", "java"), kernelClasspath(),
        "3g", Map.of(NotebookLake.CONFIG_ENV, conf.toString()));
    executed = Files.createDirectories(work.resolve("executed"));
  }

  @AfterAll
  static void stop() {
    if (mlflow != null) mlflow.stop();
  }

  @Test
  @Order(1)
  void exploreTheLakeRunsGreenAndDrawsTheRollingAverages() throws Exception {
    JsonNode nb = run("01-explore-the-lake.ipynb");
    String outputs = outputs(nb);
    assertThat(outputs).contains("<svg class=\\\"lakehouse-chart\\\"").contains("temperature_c of env-001");
    // silver: created empty (version 0), then one commit for SmallLake's bronze batch
    assertThat(outputs).as("time travel over silver's versions").contains("silver version 0: 0 rows")
        .containsPattern("silver version 1: [1-9][0-9]* rows");
  }

  @Test
  @Order(2)
  void trainAnExperimentLogsAFinishedRunAndComparesWithTheChampion() throws Exception {
    JsonNode nb = run("02-train-an-experiment.ipynb");
    String outputs = outputs(nb);
    assertThat(outputs).contains("holdout RMSE: experiment").contains("champion (turbofan-rul v" + champion.models().get(0).version());
    assertThat(outputs).containsPattern("MLflow run [0-9a-f]+ FINISHED, artifacts \\[.*model/rul-model.json");
  }

  @Test
  @Order(3)
  void traceLineageRunsGreenFromTheModelToKafkaOffsets() throws Exception {
    JsonNode nb = run("03-trace-lineage.ipynb");
    String outputs = outputs(nb);
    assertThat(outputs).contains("(alias champion)").contains("trained  on " + work.resolve("lake"));
    assertThat(outputs).as("gold commits name their silver version; silver and bronze commits their writer")
        .contains("silver_version").contains("silver-telemetry-").contains("bronze-telemetry-notebook-fixture");
  }

  @Test
  @Order(4)
  void theRenderedChartShowsInHeadlessChromium() throws Exception {
    Path nb = executed.resolve("01-explore-the-lake.ipynb");
    assertThat(nb).as("notebook 1 executed first").exists();
    Path html = jupyter.toHtml(nb, Duration.ofMinutes(3));
    String dom = chromium(List.of("--dump-dom", html.toUri().toString()), "dom");
    assertThat(dom).contains("class=\"lakehouse-chart\"");
    assertThat(dom.split("<polyline class=\"series\"", -1)).as("three series (avg, min, max)").hasSize(4);

    Path png = work.resolve("chart.png");
    chromium(List.of("--screenshot=" + png, "--window-size=1300,7000", "--hide-scrollbars", html.toUri().toString()), "shot");
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).as("screenshot decodes").isNotNull();
    // the avg line is drawn in #1f77b4 and the max line in #2ca02c: count their pixels
    assertThat(pixels(image, 0x1f77b4)).as("pixels of the avg line").isGreaterThan(300);
    assertThat(pixels(image, 0x2ca02c)).as("pixels of the max line").isGreaterThan(300);
  }

  JsonNode run(String name) throws Exception {
    Jupyter.Run r = jupyter.execute(NOTEBOOKS.resolve(name), executed, CELL_TIMEOUT, RUN_TIMEOUT);
    if (!r.succeeded()) {
      fail(name + " failed (exit " + r.exitCode() + ", " + r.attempts() + " attempt(s)); nbconvert log:\n" + r.logText());
    }
    assertThat(r.attempts()).as("the kernel answered at the first start").isEqualTo(1);
    JsonNode nb = JSON.readTree(r.executed().toFile());
    for (JsonNode cell : nb.get("cells")) {
      for (JsonNode out : cell.path("outputs")) {
        assertThat(out.path("output_type").asText()).as("cell output of %s: %s", name, out).isNotEqualTo("error");
      }
    }
    return nb;
  }

  static String outputs(JsonNode nb) {
    StringBuilder b = new StringBuilder();
    for (JsonNode cell : nb.get("cells")) {
      for (JsonNode out : cell.path("outputs")) {
        b.append(out).append('\n');
      }
    }
    return b.toString();
  }

  /** Pixels close to {@code rgb} (lines are anti-aliased, so their edges blend into the background). */
  static long pixels(BufferedImage image, int rgb) {
    long n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y);
        int d = Math.abs(((p >> 16) & 0xff) - ((rgb >> 16) & 0xff)) + Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff))
            + Math.abs((p & 0xff) - (rgb & 0xff));
        if (d < 40) n++;
      }
    }
    return n;
  }

  /** The classpath the kernel gets: this module's classes and its runtime dependencies (written at build time). */
  static List<Path> kernelClasspath() throws Exception {
    List<Path> cp = new ArrayList<>();
    cp.add(Path.of("target/classes").toAbsolutePath());
    cp.addAll(KernelSpec.classpath(Files.readString(Path.of("target/kernel.classpath")).trim()));
    return cp;
  }

  String chromium(List<String> args, String name) throws Exception {
    if (!Files.isExecutable(CHROMIUM)) {
      fail("install chromium (apt-get install chromium): this test renders the notebook in headless Chromium");
    }
    Path profile = Files.createTempDirectory(work, "chromium-" + name);
    List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile,
        // nbconvert's page links require.js and MathJax from a CDN: fail those lookups at once (no network here)
        "--host-resolver-rules=MAP * ~NOTFOUND"));
    cmd.addAll(args);
    Path out = work.resolve("chromium-" + name + ".out");
    Path err = work.resolve("chromium-" + name + ".err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish within 120 s: " + Files.readString(err));
    }
    assertThat(p.exitValue()).as("chromium exit code; stderr: %s", Files.readString(err)).isZero();
    return Files.readString(out);
  }
}
