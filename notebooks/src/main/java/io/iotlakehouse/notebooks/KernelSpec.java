package io.iotlakehouse.notebooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.stack.SparkJvm;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Jupyter kernel spec of the platform's Java kernel (rapaio-jupyter-kernel), written into a folder that Jupyter
 * finds through {@code JUPYTER_PATH} ({@code <jupyterPath>/kernels/lakehouse-java/}), never into the user's own
 * Jupyter folders.
 *
 * <ul>
 *   <li>{@code argv}: java with the options Spark needs on Java 17 and {@code -cp conf:patch:<kernel jar>}.
 *       {@code conf/} comes first so the kernel reads our {@code logging.properties} (INFO) instead of the one in
 *       its jar (FINEST, which floods Spark's Janino code generation with debug work); {@code patch/} holds only the
 *       fixed {@code LoopThread} of this module (start races, see that class), found before the kernel's own. Only
 *       that class: anything else on the kernel's {@code -cp} would be loaded by the application class loader,
 *       which cannot see the project's jars the kernel adds from {@code RJK_CLASSPATH}.
 *   <li>{@code RJK_CLASSPATH}: the project's classpath, which the kernel adds to JShell; entries are separated by
 *       {@code ;} (the kernel splits on it, on every OS).
 *   <li>{@code conf/log4j2.properties}: Spark logs WARN and above to stderr, so cell outputs are not buried in INFO.
 * </ul>
 */
public final class KernelSpec {
  public static final String NAME = "lakehouse-java";
  public static final String DISPLAY_NAME = "Java (lakehouse)";
  static final String KERNEL_JAR_PREFIX = "rapaio-jupyter-kernel-";
  static final String MAIN = "org.rapaio.jupyter.kernel.MainApp";
  /** The kernel class this module fixes, as a class file path. */
  static final String LOOP_THREAD = "org/rapaio/jupyter/kernel/channels/LoopThread.class";

  private static final String JUL_CONFIG = String.join("\n",
      "handlers=java.util.logging.ConsoleHandler",
      ".level=INFO",
      "java.util.logging.ConsoleHandler.level=INFO",
      "java.util.logging.SimpleFormatter.format=[%1$tF %1$tT] [%4$-7s] %5$s %n", "");
  private static final String LOG4J_CONFIG = String.join("\n",
      "status=error",
      "appender.console.type=Console",
      "appender.console.name=console",
      "appender.console.target=SYSTEM_ERR",
      // the kernel swaps System.err for every cell: follow it instead of writing to a closed stream
      "appender.console.follow=true",
      "appender.console.layout.type=PatternLayout",
      "appender.console.layout.pattern=%d{HH:mm:ss} %p %c{1}: %m%n",
      "rootLogger.level=warn",
      "rootLogger.appenderRef.console.ref=console",
      // harmless at every start of a local session
      "logger.nativecode.name=org.apache.hadoop.util.NativeCodeLoader",
      "logger.nativecode.level=error", "");

  private KernelSpec() {}

  /**
   * Writes the kernel spec and returns its folder.
   *
   * @param jupyterPath the folder to put on {@code JUPYTER_PATH}
   * @param java the java program the kernel runs with
   * @param classpath the project's classpath; must contain the rapaio-jupyter-kernel jar
   * @param heap the kernel's max heap, e.g. {@code 4g}
   * @param env extra environment of the kernel process (e.g. where the notebook config is)
   */
  public static Path install(Path jupyterPath, Path java, List<Path> classpath, String heap, Map<String, String> env) {
    Path kernelJar = classpath.stream()
        .filter(p -> p.getFileName().toString().startsWith(KERNEL_JAR_PREFIX))
        .findFirst()
        .orElseThrow(() -> new LakehouseException("The Java kernel's jar is not on the classpath",
            "the kernel spec runs " + MAIN + " from io.github.padreati:rapaio-jupyter-kernel, a dependency of the "
                + "notebooks module", "build the project (./mvnw -B -DskipTests package) and run through ./lakehouse"));
    Path dir = jupyterPath.resolve("kernels").resolve(NAME);
    Path conf = dir.resolve("conf");
    Path patch = dir.resolve("patch");
    try {
      Files.createDirectories(conf);
      Files.writeString(conf.resolve("logging.properties"), JUL_CONFIG);
      Files.writeString(conf.resolve("log4j2.properties"), LOG4J_CONFIG);
      Path loopThread = patch.resolve(LOOP_THREAD);
      Files.createDirectories(loopThread.getParent());
      try (InputStream in = KernelSpec.class.getResourceAsStream("/" + LOOP_THREAD)) {
        Files.copy(in, loopThread, StandardCopyOption.REPLACE_EXISTING);
      }
      Files.writeString(dir.resolve("kernel.json"),
          JSON.writeValueAsString(kernelJson(conf, patch, kernelJar, java, classpath, heap, env)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the kernel spec into " + dir, e);
    }
    return dir;
  }

  static Map<String, Object> kernelJson(Path conf, Path patch, Path kernelJar, Path java, List<Path> classpath,
      String heap, Map<String, String> env) {
    List<String> argv = new ArrayList<>();
    argv.add(java.toString());
    argv.add("-Xmx" + heap);
    argv.addAll(SparkJvm.options());
    argv.add("-cp");
    argv.add(String.join(File.pathSeparator, conf.toString(), patch.toString(), kernelJar.toString()));
    argv.add(MAIN);
    argv.add("{connection_file}");

    Map<String, String> kernelEnv = new LinkedHashMap<>();
    kernelEnv.put("RJK_CLASSPATH", String.join(";", classpath.stream()
        .filter(p -> !p.equals(kernelJar)).map(Path::toString).toList()));
    kernelEnv.put("SPARK_LOCAL_IP", "127.0.0.1");
    kernelEnv.putAll(env);

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("argv", argv);
    json.put("display_name", DISPLAY_NAME);
    json.put("language", "java");
    json.put("interrupt_mode", "message");
    json.put("env", kernelEnv);
    return json;
  }

  /** Splits a {@code java.class.path}-style string. */
  public static List<Path> classpath(String pathSeparated) {
    return java.util.Arrays.stream(pathSeparated.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
}
