package io.iotlakehouse.notebooks;

import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.stack.ChildProcess;
import io.iotlakehouse.stack.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Debian's Jupyter ({@code /usr/bin/jupyter}), run with every Jupyter folder under one home folder of the platform
 * (config, data, runtime and the kernel spec on {@code JUPYTER_PATH}), so nothing is read from or written to the
 * user's own {@code ~/.jupyter} or {@code ~/.local/share/jupyter}.
 *
 * <p>Kernel start: the kernel's own start race is fixed at the source (this module's {@code LoopThread}); on top of
 * that, a headless run gives the kernel {@link #KERNEL_START_TIMEOUT} to answer and retries a run whose kernel never
 * answered, once, so a kernel that did not start is told apart from a notebook that failed.
 */
public final class Jupyter {
  public static final List<String> DEBIAN_PACKAGES =
      List.of("jupyter-notebook", "jupyter-nbconvert", "jupyter-client", "python3-nbclient");
  static final Duration KERNEL_START_TIMEOUT = Duration.ofSeconds(120);
  /** What nbclient prints when the kernel did not answer within the startup timeout. */
  static final String KERNEL_NO_ANSWER = "Kernel didn't respond";
  static final int RUNS_PER_NOTEBOOK = 2;

  private final Path program;
  private final Path home;

  /**
   * @param program the jupyter program
   * @param home folder for Jupyter's config, data and runtime files and the kernel spec
   */
  public Jupyter(Path program, Path home) {
    this.program = program;
    this.home = home;
  }

  /** Fails with how to install Jupyter when the program is missing. */
  public Jupyter requireInstalled() {
    if (!Files.isExecutable(program)) {
      throw new LakehouseException("Jupyter not found at " + program,
          "the notebooks run in Debian's Jupyter with the platform's Java kernel",
          "install it: sudo apt-get install " + String.join(" ", DEBIAN_PACKAGES)
              + " (or set notebooks.jupyter to the jupyter program)");
    }
    return this;
  }

  /** The folder to write the kernel spec into ({@link KernelSpec#install}). */
  public Path kernelPath() {
    return home.resolve("path");
  }

  /** The environment every Jupyter process gets: its folders under the home folder. */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("JUPYTER_PATH", kernelPath().toString());
    env.put("JUPYTER_CONFIG_DIR", home.resolve("config").toString());
    env.put("JUPYTER_DATA_DIR", home.resolve("data").toString());
    env.put("JUPYTER_RUNTIME_DIR", home.resolve("runtime").toString());
    env.put("JUPYTER_PLATFORM_DIRS", "1");
    return env;
  }

  /** The outcome of a headless run: the exit code of the last attempt, how many attempts, and the run's log. */
  public record Run(int exitCode, int attempts, Path executed, Path log) {
    public boolean succeeded() {
      return exitCode == 0;
    }

    public String logText() {
      try {
        return Files.readString(log);
      } catch (IOException e) {
        return "(cannot read " + log + ": " + e.getMessage() + ")";
      }
    }
  }

  /**
   * Executes every cell of {@code notebook} headless ({@code jupyter nbconvert --to notebook --execute}) and writes
   * the executed copy into {@code outDir}. nbconvert stops at the first failing cell and exits non-zero. A run whose
   * kernel never answered is retried once.
   */
  public Run execute(Path notebook, Path outDir, Duration cellTimeout, Duration runTimeout) {
    String name = notebook.getFileName().toString();
    Path log = outDir.resolve(name.replace(".ipynb", ".log"));
    List<String> cmd = List.of(program.toString(), "nbconvert", "--to", "notebook", "--execute",
        "--ExecutePreprocessor.kernel_name=" + KernelSpec.NAME,
        "--ExecutePreprocessor.timeout=" + cellTimeout.toSeconds(),
        "--ExecutePreprocessor.startup_timeout=" + KERNEL_START_TIMEOUT.toSeconds(),
        "--output-dir=" + outDir, "--output=" + name, notebook.toString());
    int exit = -1;
    int attempt = 0;
    while (attempt < RUNS_PER_NOTEBOOK) {
      attempt++;
      exit = runToEnd("nbconvert-" + name, cmd, log, runTimeout);
      if (exit == 0 || !readQuietly(log).contains(KERNEL_NO_ANSWER)) {
        break;
      }
    }
    return new Run(exit, attempt, outDir.resolve(name), log);
  }

  /** Renders an executed notebook to HTML ({@code jupyter nbconvert --to html}) next to it and returns the file. */
  public Path toHtml(Path executed, Duration timeout) {
    Path log = executed.resolveSibling(executed.getFileName() + ".html.log");
    List<String> cmd = List.of(program.toString(), "nbconvert", "--to", "html", executed.toString());
    int exit = runToEnd("nbconvert-html", cmd, log, timeout);
    if (exit != 0) {
      throw new IllegalStateException("nbconvert --to html failed (" + exit + "): " + readQuietly(log));
    }
    return executed.resolveSibling(executed.getFileName().toString().replace(".ipynb", ".html"));
  }

  /** A running Jupyter server and the URL (with its token) to open. */
  public record Server(ChildProcess process, String url) implements AutoCloseable {
    @Override
    public void close() {
      process.stop(Duration.ofSeconds(10));
    }
  }

  /**
   * Starts the classic notebook server on 127.0.0.1:{@code port} serving {@code notebookDir}, protected by
   * {@code token}, and waits until its REST API answers.
   */
  public Server start(Path notebookDir, int port, String token, Map<String, String> env, Duration timeout) {
    if (Ports.inUse(port)) {
      throw new LakehouseException("Port " + port + " is already in use", "the Jupyter server listens on it",
          "stop what uses it or set notebooks.port to a free port");
    }
    List<String> cmd = new ArrayList<>(List.of(program.toString(), "notebook", "--no-browser", "--ip=127.0.0.1",
        "--port=" + port, "--port-retries=0", "--NotebookApp.token=" + token, "--notebook-dir=" + notebookDir));
    // the notebook server refuses to run as root without it (containers and CI machines often are root); it still
    // listens on loopback only, behind the token
    if ("root".equals(System.getProperty("user.name"))) cmd.add("--allow-root");
    Map<String, String> all = new LinkedHashMap<>(environment());
    all.putAll(env);
    ChildProcess p = ChildProcess.start("jupyter", cmd, all, home.resolve("jupyter.log"));
    String base = "http://127.0.0.1:" + port + "/";
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!answers(base + "api/status?token=" + token)) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        String why = p.isAlive() ? "it did not answer within " + timeout.toSeconds() + " s" : "it exited";
        p.stop(Duration.ofSeconds(5));
        throw new LakehouseException("The Jupyter server did not start", why + "; its log ends with:\n" + p.logTail(20),
            "check the log " + p.log() + "; raise notebooks.start-timeout on a slow machine");
      }
      sleep(300);
    }
    return new Server(p, base + "?token=" + token);
  }

  private int runToEnd(String name, List<String> cmd, Path log, Duration timeout) {
    try {
      Files.createDirectories(log.getParent());
      Files.deleteIfExists(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> full = new ArrayList<>(cmd);
    try (ChildProcess p = ChildProcess.start(name, full, environment(), log)) {
      if (!p.waitFor(timeout)) {
        throw new IllegalStateException(name + " did not finish within " + timeout.toSeconds() + " s; log: " + p.logTail(40));
      }
      return p.exitCode().getAsInt();
    }
  }

  private static boolean answers(String url) {
    try {
      HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
}
