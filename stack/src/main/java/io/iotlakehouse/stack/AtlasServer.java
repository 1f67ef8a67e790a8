package io.iotlakehouse.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real Apache Atlas 2.1.0 server (the war from Maven Central) in its own JVM on 127.0.0.1: BerkeleyJE graph storage
 * and a JanusGraph Lucene index under its folder (both survive restarts), file-based basic authentication
 * ({@value #USER}/{@value #PASSWORD}), no Kafka hook consumer (the platform's recorder writes through the REST API).
 * The war is exploded once into {@code <dir>/webapp} with Groovy 2.5.23 instead of 2.5.7, and the JVM runs the
 * atlas-server module's agent (JDK 17 fix, loopback-only sockets, Lucene index names). Ready when
 * {@code /api/atlas/admin/status} says ACTIVE.
 */
public final class AtlasServer implements AutoCloseable {
  public static final String USER = "admin";
  public static final String PASSWORD = "admin";
  private static final String RESOURCES = "META-INF/lakehouse/atlas-server.";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Path dir;
  private final int port;
  private final String heap;
  private final Duration startTimeout;
  private ChildProcess child;

  public AtlasServer(Path dir, int port, String heap, Duration startTimeout) {
    this.dir = dir.toAbsolutePath();
    this.port = port;
    this.heap = heap;
    this.startTimeout = startTimeout;
  }

  public AtlasServer start() {
    if (Ports.inUse(port)) throw StackException.portTaken("Atlas server", port, StackKeys.ATLAS_PORT.name());
    Path webapp = explodeWar();
    Path conf = writeConfig();
    List<String> jvm = new ArrayList<>(List.of("-Xmx" + heap, "-Xms256m", "-XX:+UseG1GC", "-Djava.awt.headless=true",
        "-javaagent:" + agentJar(), "-Datlas.home=" + dir, "-Datlas.conf=" + conf, "-Datlas.data=" + dir.resolve("data"),
        "-Datlas.log.dir=" + dir.resolve("logs"), "-Dlog4j.configuration=file:" + conf.resolve("atlas-log4j.xml")));
    jvm.addAll(SparkJvm.options()); // the same opens: Atlas's agent fix reads java.lang internals
    String classpath = String.join(java.io.File.pathSeparator, conf.toString(), webapp.resolve("WEB-INF/classes").toString(),
        webapp.resolve("WEB-INF/lib/*").toString(), ChildProcess.serverClasspath("atlas-server"));
    child = ChildProcess.startJvm("atlas", classpath, "org.apache.atlas.Atlas", jvm, List.of("-app", webapp.toString()),
        dir.resolve("atlas.log"));
    Await.ready("Atlas server", child, startTimeout, () -> active(url(), USER, PASSWORD));
    return this;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public ChildProcess process() {
    return child;
  }

  /** SIGKILL the server (fault tests). */
  public void kill() {
    child.kill();
  }

  /** True when the Atlas at {@code url} answers its status as ACTIVE (503 while it starts). */
  public static boolean active(String url, String user, String password) {
    try {
      HttpRequest req = HttpRequest.newBuilder(URI.create(url + "/api/atlas/admin/status"))
          .timeout(Duration.ofSeconds(3))
          .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
          .GET().build();
      HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().contains("ACTIVE");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** {@code <dir>/webapp}: the war, exploded once (a marker names the war it came from), Groovy jars replaced. */
  private Path explodeWar() {
    Path war = Path.of(resource("war"));
    if (!Files.isRegularFile(war)) {
      throw new IllegalStateException("The Atlas war " + war + " is missing: build the project (./mvnw -B -DskipTests "
          + "package downloads it from Maven Central) or run through ./lakehouse, which does");
    }
    Path webapp = dir.resolve("webapp");
    Path marker = webapp.resolve(".lakehouse-war");
    String stamp = war + " " + war.toFile().length() + " " + resource("groovy");
    try {
      if (Files.exists(marker) && Files.readString(marker).equals(stamp)) return webapp;
      Path tmp = dir.resolve("webapp.tmp");
      deleteTree(tmp);
      deleteTree(webapp);
      Files.createDirectories(tmp);
      try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(war))) {
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
          Path target = tmp.resolve(e.getName()).normalize();
          if (!target.startsWith(tmp)) throw new IOException("war entry outside the folder: " + e.getName());
          if (e.isDirectory()) {
            Files.createDirectories(target);
          } else {
            Files.createDirectories(target.getParent());
            Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      Path lib = tmp.resolve("WEB-INF/lib");
      try (Stream<Path> jars = Files.list(lib)) {
        for (Path old : jars.filter(p -> p.getFileName().toString().matches("groovy-.*2\\.5\\.7.*\\.jar")).toList()) {
          Files.delete(old);
        }
      }
      for (String jar : resource("groovy").split(java.io.File.pathSeparator)) {
        Files.copy(Path.of(jar), lib.resolve(Path.of(jar).getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
      Files.writeString(tmp.resolve(".lakehouse-war"), stamp);
      Files.move(tmp, webapp, StandardCopyOption.ATOMIC_MOVE);
      return webapp;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot explode the Atlas war " + war + " into " + webapp, e);
    }
  }

  private Path writeConfig() {
    Path conf = dir.resolve("conf");
    Path data = dir.resolve("data");
    List<String> props = List.of(
        "# written by the lakehouse local stack at every start",
        "atlas.graph.storage.backend=berkeleyje",
        "atlas.graph.storage.directory=" + data.resolve("berkeley"),
        "atlas.graph.index.search.backend=lucene",
        "atlas.graph.index.search.directory=" + data.resolve("index"),
        "atlas.server.http.port=" + port,
        "atlas.server.bind.address=127.0.0.1",
        "atlas.rest.address=" + url(),
        "atlas.server.ha.enabled=false",
        // No Kafka: entities arrive through the REST API (governance's recorder), so no hook consumer. Atlas 2.1 has no
        // switch for its entity-change notifications and its kafka-clients 2.0 cannot talk to a Kafka 4 broker: they
        // go nowhere and fail at once (after each commit, logged by Atlas and muted below) instead of blocking
        // every write for the producer's default 60 s.
        "atlas.notification.embedded=false",
        "atlas.notification.consumer.disabled=true",
        "atlas.kafka.bootstrap.servers=127.0.0.1:1",
        "atlas.kafka.zookeeper.connect=127.0.0.1:1",
        "atlas.kafka.max.block.ms=1",
        "atlas.kafka.hook.group.id=atlas",
        "atlas.authentication.method.kerberos=false",
        "atlas.authentication.method.ldap=false",
        "atlas.authentication.method.file=true",
        "atlas.authentication.method.file.filename=" + conf.resolve("users-credentials.properties"),
        "atlas.authentication.method.file.v1-validation.enabled=true",
        "atlas.authorizer.impl=simple",
        "atlas.EntityAuditRepository.impl=org.apache.atlas.repository.audit.InMemoryEntityAuditRepository",
        "atlas.enableTLS=false",
        "");
    String log4j = """
        <?xml version="1.0" encoding="UTF-8" ?>
        <!DOCTYPE log4j:configuration SYSTEM "log4j.dtd">
        <log4j:configuration xmlns:log4j="http://jakarta.apache.org/log4j/">
          <appender name="console" class="org.apache.log4j.ConsoleAppender">
            <param name="Target" value="System.out"/>
            <layout class="org.apache.log4j.PatternLayout"><param name="ConversionPattern" value="%d %-5p [%t] %c{1}: %m%n"/></layout>
          </appender>
          <logger name="org.apache.atlas" additivity="false"><level value="info"/><appender-ref ref="console"/></logger>
          <!-- the (unused) Kafka notification: ZooKeeper and Kafka client reconnects, and each dropped notification -->
          <logger name="org.apache.zookeeper" additivity="false"><level value="error"/><appender-ref ref="console"/></logger>
          <logger name="org.apache.kafka" additivity="false"><level value="error"/><appender-ref ref="console"/></logger>
          <logger name="org.apache.atlas.notification.EntityNotificationSender" additivity="false"><level value="off"/><appender-ref ref="console"/></logger>
          <root><priority value="warn"/><appender-ref ref="console"/></root>
        </log4j:configuration>
        """;
    try {
      Files.createDirectories(conf);
      Files.createDirectories(data);
      Files.write(conf.resolve("atlas-application.properties"), props);
      Files.writeString(conf.resolve("users-credentials.properties"), USER + "=ADMIN::" + sha256(PASSWORD) + "\n");
      Files.writeString(conf.resolve("atlas-log4j.xml"), log4j);
      return conf;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Atlas config into " + conf, e);
    }
  }

  /** A manifest-only agent jar: the agent class and Byte Buddy come from the child's classpath. */
  private Path agentJar() {
    Path jar = dir.resolve("lakehouse-atlas-agent.jar");
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().putValue("Premain-Class", "io.iotlakehouse.atlasserver.AtlasAgent");
    m.getMainAttributes().putValue("Can-Retransform-Classes", "true");
    m.getMainAttributes().putValue("Can-Redefine-Classes", "true");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + jar, e);
    }
  }

  private static String resource(String suffix) {
    URL url = AtlasServer.class.getClassLoader().getResource(RESOURCES + suffix);
    if (url == null) {
      throw new IllegalStateException("Resource " + RESOURCES + suffix + " is missing: the atlas-server module was not "
          + "built. Build the project first (./mvnw -B -DskipTests package) or run through ./lakehouse, which does.");
    }
    try (InputStream in = url.openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (Stream<Path> all = Files.walk(p)) {
      for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
    }
  }

  @Override
  public void close() {
    if (child != null) child.close();
  }
}
