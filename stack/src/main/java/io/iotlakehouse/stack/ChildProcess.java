package io.iotlakehouse.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child process (a JVM of ours, or a native server such as redis-server) with its output in a log file. {@link #stop} is a clean SIGTERM (then SIGKILL after a grace
 * period); {@link #kill} is SIGKILL, for fault tests. Every child is also stopped by a shutdown hook, so Ctrl-C on
 * the parent leaves no orphans.
 */
public final class ChildProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  /**
   * The JIT option of the stack's own broker JVMs (embedded Kafka nodes, HiveMQ): C1 only. They are development servers
   * carrying a device fleet's trickle, started and stopped often (tests, fault campaigns), where C2's compilations cost
   * more CPU than they give back: KafkaClusterIT (3 nodes) took 75 CPU-seconds with the default JIT, 56 with them on C1.
   */
  public static final String DEV_SERVER_JIT = "-XX:TieredStopAtLevel=1";

  private final String name;
  private final Process process;
  private final Path log;
  private final Thread hook;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.hook = new Thread(() -> stop(Duration.ofSeconds(10)), "stop-" + name);
    try {
      Runtime.getRuntime().addShutdownHook(hook);
    } catch (IllegalStateException e) { // started while this JVM shuts down: no hook would stop it, it would outlive us
      process.destroyForcibly();
      throw new IllegalStateException("not starting " + name + ": this JVM is shutting down", e);
    }
  }

  /** Starts {@code mainClass} in a new JVM with the given classpath; stdout and stderr go to {@code log}. */
  public static ChildProcess startJvm(
      String name, String classpath, String mainClass, List<String> jvmArgs, List<String> args, Path log) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(mainClass);
    cmd.addAll(args);
    return start(name, cmd, log);
  }

  /** Starts {@code command}; stdout and stderr go to {@code log}. */
  public static ChildProcess start(String name, List<String> command, Path log) {
    return start(name, command, Map.of(), log);
  }

  /** Starts {@code command} with {@code env} added to this process's environment; stdout and stderr go to {@code log}. */
  public static ChildProcess start(String name, List<String> command, Map<String, String> env, Path log) {
    List<String> cmd = new ArrayList<>();
    // Own session: Ctrl-C in a terminal signals the whole foreground process group; children must stop when the
    // parent says so, in order, not all at once.
    if (Files.isExecutable(SETSID)) cmd.add(SETSID.toString());
    cmd.addAll(command);
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
      pb.environment().putAll(env);
      Process p = pb.start();
      LOG.info("started {} (pid {}), log {}", name, p.pid(), log);
      return new ChildProcess(name, p, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + ")", e);
    }
  }

  /**
   * The classpath of a server module that must not share this JVM: its dependencies as written at build time into
   * the resource {@code META-INF/lakehouse/<module>.classpath}, plus the module's own classes.
   */
  public static String serverClasspath(String module) {
    String resource = "META-INF/lakehouse/" + module + ".classpath";
    URL url = ChildProcess.class.getClassLoader().getResource(resource);
    if (url == null) {
      throw new IllegalStateException(
          "Classpath resource " + resource + " is missing: the " + module + " module was not built. "
              + "Build the project first (./mvnw -B -DskipTests package) or run through ./lakehouse, which does.");
    }
    try {
      String own;
      String s = url.toString();
      if (s.startsWith("jar:")) {
        own = Path.of(new URI(s.substring(4, s.indexOf("!/")))).toString();
      } else {
        own = Path.of(url.toURI()).getParent().getParent().getParent().toString();
      }
      String deps = new String(url.openStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return own + java.io.File.pathSeparator + deps;
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code; empty while the process runs. */
  public OptionalInt exitCode() {
    return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
  }

  public Path log() {
    return log;
  }

  /** SIGKILL: no shutdown hooks, no flush. For fault tests. */
  public void kill() {
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(30));
    LOG.info("killed {} (pid {}) with SIGKILL", name, process.pid());
  }

  /** SIGTERM, then SIGKILL if the process has not exited within {@code grace}. */
  public void stop(Duration grace) {
    if (!process.isAlive()) return;
    process.destroy();
    if (!waitFor(grace)) {
      LOG.warn("{} did not stop within {}, killing it", name, grace);
      process.destroyForcibly();
      waitFor(Duration.ofSeconds(30));
    }
  }

  public boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The last lines of the child's log, for error messages. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log " + log + " unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(20));
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down
    }
  }
}
