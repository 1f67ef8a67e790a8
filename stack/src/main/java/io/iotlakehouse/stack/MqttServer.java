package io.iotlakehouse.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real MQTT broker (HiveMQ Community Edition, embedded) in its own JVM, bound to 127.0.0.1. Persistent sessions
 * and queued QoS 1 messages live in the data folder and survive restarts.
 */
public final class MqttServer implements AutoCloseable {
  /** Messages the broker queues per offline persistent session before it discards new ones. */
  public static final long MAX_QUEUED_MESSAGES = 5_000_000;

  private final Path dir;
  private final int port;
  private final Duration startTimeout;
  private ChildProcess child;

  public MqttServer(Path dir, int port, Duration startTimeout) {
    this.dir = dir.toAbsolutePath();
    this.port = port;
    this.startTimeout = startTimeout;
  }

  public MqttServer start() {
    if (Ports.inUse(port)) throw StackException.portTaken("MQTT broker", port, "mqtt.port");
    Path conf = dir.resolve("conf");
    writeConfig(conf);
    child = ChildProcess.startJvm(
        "mqtt-broker",
        ChildProcess.serverClasspath("mqtt-broker"),
        "io.iotlakehouse.mqttbroker.MqttBrokerMain",
        List.of("-Xmx512m", "-XX:+UseG1GC", "-Djava.awt.headless=true", "-Dhivemq.home=" + dir),
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

  private void writeConfig(Path conf) {
    String xml = """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener>
          </listeners>
          <mqtt>
            <queued-messages><max-queue-size>%d</max-queue-size><strategy>discard</strategy></queued-messages>
            <session-expiry><max-interval>4294967295</max-interval></session-expiry>
            <packets><max-packet-size>4194304</max-packet-size></packets>
          </mqtt>
          <persistence><mode>file</mode></persistence>
          <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
        </hivemq>
        """.formatted(port, MAX_QUEUED_MESSAGES);
    String logback = """
        <configuration>
          <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>%d{ISO8601} %-5level [%logger{0}] %msg%n</pattern></encoder>
          </appender>
          <root level="WARN"><appender-ref ref="out"/></root>
          <logger name="com.hivemq" level="INFO"/>
          <logger name="jetbrains.exodus" level="WARN"/>
        </configuration>
        """;
    try {
      Files.createDirectories(conf);
      Files.writeString(conf.resolve("config.xml"), xml);
      Files.writeString(conf.resolve("logback.xml"), logback);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (child != null) child.close();
  }
}
