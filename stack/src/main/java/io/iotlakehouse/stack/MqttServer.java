package io.iotlakehouse.stack;

import io.iotlakehouse.common.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * A real MQTT broker (HiveMQ Community Edition, embedded) in its own JVM, bound to 127.0.0.1. Persistent sessions
 * and queued QoS 1 messages live in the data folder and survive restarts. With {@link Tls} it listens with TLS only,
 * requires a client certificate of the dev CA, and its device identity extension enforces the topic ACL; without,
 * it is plain TCP for anyone.
 */
public final class MqttServer implements AutoCloseable {
  /** Messages the broker queues per offline persistent session before it discards new ones. */
  public static final long MAX_QUEUED_MESSAGES = 5_000_000;
  /** Read by the broker's MqttBrokerMain: its presence turns on the device identity extension. */
  private static final String SECURITY_FILE = "lakehouse-security.properties";

  /** TLS with the server certificate of {@code pki}, required client certificates, and the topic ACL. */
  public record Tls(DevPki pki, Properties acl) {
    /** The ACL of the {@code stack.mqtt.acl.*} keys in {@code config}. */
    public static Tls of(DevPki pki, Config config) {
      return new Tls(pki, StackKeys.mqttAcl(config));
    }
  }

  private final Path dir;
  private final int port;
  private final Duration startTimeout;
  private final Tls tls;
  private ChildProcess child;

  /** {@code tls} null: plain TCP. */
  public MqttServer(Path dir, int port, Duration startTimeout, Tls tls) {
    this.dir = dir.toAbsolutePath();
    this.port = port;
    this.startTimeout = startTimeout;
    this.tls = tls;
  }

  public MqttServer start() {
    if (Ports.inUse(port)) throw StackException.portTaken("MQTT broker", port, "mqtt.port");
    Path conf = dir.resolve("conf");
    writeConfig(conf);
    child = ChildProcess.startJvm(
        "mqtt-broker",
        ChildProcess.serverClasspath("mqtt-broker"),
        "io.iotlakehouse.mqttbroker.MqttBrokerMain",
        List.of("-Xmx512m", "-XX:+UseG1GC", ChildProcess.DEV_SERVER_JIT, "-Djava.awt.headless=true", "-Dhivemq.home=" + dir),
        List.of(conf.toString(), dir.resolve("data").toString()),
        dir.resolve("mqtt.log"));
    Await.ready("MQTT broker", child, startTimeout, () -> Ports.accepts("127.0.0.1", port));
    return this;
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  public ChildProcess process() {
    return child;
  }

  /** The CA clients must trust to reach this broker over TLS; null when plain. */
  public Path caFile() {
    return tls == null ? null : tls.pki().caFile();
  }

  private String listener() {
    if (tls == null) return "<tcp-listener><port>" + port + "</port><bind-address>127.0.0.1</bind-address></tcp-listener>";
    DevPki.ServerStores s = tls.pki().server();
    return """
        <tls-tcp-listener>
              <port>%d</port><bind-address>127.0.0.1</bind-address><name>tls</name>
              <tls>
                <keystore><path>%s</path><password>%s</password><private-key-password>%s</private-key-password></keystore>
                <truststore><path>%s</path><password>%s</password></truststore>
                <client-authentication-mode>REQUIRED</client-authentication-mode>
                <protocols><protocol>TLSv1.3</protocol><protocol>TLSv1.2</protocol></protocols>
              </tls>
            </tls-tcp-listener>""".formatted(port, s.keyStore(), s.password(), s.password(), s.trustStore(), s.password());
  }

  private void writeConfig(Path conf) {
    String xml = """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            %s
          </listeners>
          <mqtt>
            <queued-messages><max-queue-size>%d</max-queue-size><strategy>discard</strategy></queued-messages>
            <session-expiry><max-interval>4294967295</max-interval></session-expiry>
            <packets><max-packet-size>4194304</max-packet-size></packets>
          </mqtt>
          <persistence><mode>file</mode></persistence>
          <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
        </hivemq>
        """.formatted(listener(), MAX_QUEUED_MESSAGES);
    String logback = """
        <configuration>
          <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>%d{ISO8601} %-5level [%logger{0}] %msg%n</pattern></encoder>
          </appender>
          <appender name="tls-refusals" class="io.iotlakehouse.mqttbroker.security.TlsRefusalAppender"/>
          <root level="WARN"><appender-ref ref="out"/></root>
          <logger name="com.hivemq" level="INFO"/>
          <logger name="io.iotlakehouse" level="INFO"/>
          <logger name="com.hivemq.security.ssl.SslExceptionHandler" level="DEBUG" additivity="false">
            <appender-ref ref="tls-refusals"/>
          </logger>
          <logger name="jetbrains.exodus" level="WARN"/>
        </configuration>
        """;
    try {
      Files.createDirectories(conf);
      Path file = conf.resolve("config.xml");
      Files.deleteIfExists(file);
      // it holds the key store password: readable by this user only
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, xml);
      Files.writeString(conf.resolve("logback.xml"), logback);
      Path security = conf.resolve(SECURITY_FILE);
      if (tls == null) {
        Files.deleteIfExists(security);
      } else {
        try (Writer w = Files.newBufferedWriter(security)) {
          tls.acl().store(w, "topic ACL of the device identity extension, written by the lakehouse stack at every start");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (child != null) child.close();
  }
}
