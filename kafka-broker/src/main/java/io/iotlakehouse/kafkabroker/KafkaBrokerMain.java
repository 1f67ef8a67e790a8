package io.iotlakehouse.kafkabroker;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Runs a KRaft Kafka broker (combined broker + controller) in this JVM: formats the log directory on first start
 * (the cluster id is the second argument, so restarts keep the same cluster), then hands over to {@code kafka.Kafka}.
 * Usage: {@code KafkaBrokerMain <server.properties> <cluster-id>}.
 */
public final class KafkaBrokerMain {
  private KafkaBrokerMain() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: KafkaBrokerMain <server.properties> <cluster-id>");
      System.exit(2);
    }
    Path props = Path.of(args[0]);
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(props)) {
      p.load(r);
    }
    Path logDir = Path.of(p.getProperty("log.dirs").split(",")[0]);
    if (!Files.exists(logDir.resolve("meta.properties"))) {
      int rc = kafka.tools.StorageTool.execute(
          new String[] {"format", "-t", args[1], "-c", props.toString(), "--ignore-formatted"}, System.out);
      if (rc != 0) {
        System.err.println("formatting " + logDir + " failed with exit code " + rc);
        System.exit(rc);
      }
    }
    kafka.Kafka.main(new String[] {props.toString()});
  }
}
