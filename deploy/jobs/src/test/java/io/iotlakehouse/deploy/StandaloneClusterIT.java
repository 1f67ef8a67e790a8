package io.iotlakehouse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.common.event.TelemetryCodec;
import io.iotlakehouse.stack.ChildProcess;
import io.iotlakehouse.stack.KafkaServer;
import io.iotlakehouse.stack.KafkaTopics;
import io.iotlakehouse.stack.Ports;
import io.iotlakehouse.stack.SparkJvm;
import io.iotlakehouse.streaming.io.SparkSessions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real multi-process run: a Spark standalone master and worker on 127.0.0.1 started from the Maven jars (a
 * SPARK_HOME whose jars/ is the provided dependency set of this module, i.e. what a Spark distribution ships), the
 * embedded Kafka broker, and the bronze and silver jobs submitted with {@code SparkSubmit} from the shaded job jar,
 * each as an available-now run that must end by itself with exit code 0. Executors are JVMs the worker launches.
 */
@Tag("integration")
class StandaloneClusterIT {
  static final int DEVICES = 20;
  static final int EVENTS_PER_DEVICE = 100;
  static final int EVENTS = DEVICES * EVENTS_PER_DEVICE;
  static final Duration JOB_TIMEOUT = Duration.ofMinutes(8);

  @TempDir static Path work;
  static Path sparkHome;
  static KafkaServer kafka;
  static ChildProcess master;
  static ChildProcess worker;
  static String masterUrl;
  static int masterUi;

  @BeforeAll
  static void startClusterAndKafka() throws Exception {
    sparkHome = sparkHome(work.resolve("spark-home"));
    kafka = new KafkaServer(work.resolve("kafka"), Ports.free(), Ports.free(), "768m", Duration.ofSeconds(180)).start();
    KafkaTopics.ensure(kafka.bootstrapServers(), 4, (short) 1, Set.of("iot-telemetry"));

    int masterPort = Ports.free();
    masterUi = Ports.free();
    masterUrl = "spark://127.0.0.1:" + masterPort;
    master = sparkJvm("spark-master", "org.apache.spark.deploy.master.Master", "512m",
        List.of("--host", "127.0.0.1", "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(masterUi)));
    await("master up").atMost(Duration.ofMinutes(2)).until(() -> masterJson().contains("\"status\":\"ALIVE\""));
    worker = sparkJvm("spark-worker", "org.apache.spark.deploy.worker.Worker", "512m",
        List.of(masterUrl, "--host", "127.0.0.1", "--port", Integer.toString(Ports.free()), "--webui-port",
            Integer.toString(Ports.free()), "--cores", "2", "--memory", "3g", "--work-dir", work.resolve("worker").toString()));
    await("worker registered").atMost(Duration.ofMinutes(2)).until(() -> masterJson().contains("\"aliveworkers\":1"));
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {worker, master, kafka}) {
      try {
        if (c != null) c.close();
      } catch (Exception e) {
        // keep stopping the others
      }
    }
  }

  @Test
  void bronzeAndSilverRunOnTheClusterWithExactCounts() throws Exception {
    produce();
    String lake = work.resolve("lake").toString();

    submit("bronze", "io.iotlakehouse.streaming.job.BronzeJob",
        List.of("--conf", "kafka.bootstrap-servers=" + kafka.bootstrapServers()), lake);
    submit("silver", "io.iotlakehouse.streaming.job.SilverJob", List.of(), lake);

    try (Stream<Path> executors = Files.walk(work.resolve("worker"))) {
      assertThat(executors.filter(p -> p.getFileName().toString().equals("stderr")).count())
          .as("executor JVMs launched by the worker (one per application)").isGreaterThanOrEqualTo(2);
    }
    SparkSession spark = SparkSessions.create("standalone-cluster-it", "local[1]");
    try {
      assertThat(spark.read().format("delta").load(lake + "/bronze/telemetry").count()).isEqualTo(EVENTS);
      assertThat(spark.read().format("delta").load(lake + "/bronze/telemetry").select("partition", "offset").distinct().count())
          .as("one bronze row per Kafka offset").isEqualTo(EVENTS);
      assertThat(spark.read().format("delta").load(lake + "/silver/telemetry").select("device_id", "seq").distinct().count())
          .isEqualTo(EVENTS);
      assertThat(spark.read().format("delta").load(lake + "/silver/quarantine").count()).isZero();
      assertThat(spark.read().format("delta").load(lake + "/silver/duplicates").count()).isZero();
    } finally {
      spark.stop();
    }
  }

  /** spark-submit (client mode: the driver is this child JVM) of a job from the shaded jar; it must end with 0. */
  void submit(String name, String mainClass, List<String> jobArgs, String lake) throws IOException {
    List<String> args = new ArrayList<>(List.of("--master", masterUrl, "--deploy-mode", "client", "--name",
        "lakehouse-" + name, "--class", mainClass,
        "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.ui.enabled=false",
        "--conf", "spark.executor.memory=1g", "--conf", "spark.cores.max=2",
        "--conf", "spark.sql.shuffle.partitions=4",
        shadedJar().toString(), "--available-now", "--conf", "lake.root=" + lake));
    args.addAll(jobArgs);
    ChildProcess submit = sparkJvm("submit-" + name, "org.apache.spark.deploy.SparkSubmit", "1g", args);
    try {
      assertThat(submit.waitFor(JOB_TIMEOUT)).as("%s ended within %s; log:%n%s", name, JOB_TIMEOUT, failure(submit)).isTrue();
      assertThat(submit.exitCode()).as("%s exit code; log:%n%s", name, failure(submit)).hasValue(0);
      assertThat(Files.readString(submit.log())).as("%s ran on the cluster", name)
          .contains("Connected to Spark cluster with app ID").contains("Granted executor ID");
    } finally {
      submit.close();
    }
  }

  /** The log's first exception lines (a stack trace's tail hides its cause) and its last lines. */
  static String failure(ChildProcess p) throws IOException {
    List<String> causes = Files.readAllLines(p.log()).stream()
        .filter(l -> l.contains("Exception") || l.contains("Error:")).filter(l -> !l.startsWith("\tat ")).limit(8).toList();
    return String.join("\n", causes) + "\n...\n" + p.logTail(30);
  }

  /** A JVM on SPARK_HOME's jars (the Spark launcher scripts do the same: java -cp "$SPARK_HOME/jars/*" ...). */
  static ChildProcess sparkJvm(String name, String mainClass, String heap, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    cmd.addAll(SparkJvm.options());
    cmd.add("-cp");
    cmd.add(sparkHome.resolve("jars") + "/*");
    cmd.add(mainClass);
    cmd.addAll(args);
    // SPARK_SCALA_VERSION: a distribution's bin/load-spark-env.sh exports it; without it the worker's executor command
    // builder looks for a source build's launcher/target/scala-* ("Cannot find any build directories")
    return ChildProcess.start(name, cmd, Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.12",
        "JAVA_HOME", System.getProperty("java.home")), work.resolve("logs").resolve(name + ".log"));
  }

  /** SPARK_HOME/jars = links to the provided dependency set (the build writes its classpath). */
  static Path sparkHome(Path dir) throws IOException {
    Path jars = Files.createDirectories(dir.resolve("jars"));
    for (String entry : Files.readString(Path.of("target/spark-home.classpath")).trim().split(":")) {
      Path jar = Path.of(entry);
      Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar);
    }
    return dir;
  }

  static Path shadedJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files.filter(p -> p.getFileName().toString().matches("deploy-jobs-.*-spark\\.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no shaded jar in target/: run the package phase first"))
          .toAbsolutePath();
    }
  }

  /** The master's state as JSON, without whitespace. */
  static String masterJson() {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUi + "/json/")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.body().replaceAll("\\s", "");
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  static void produce() throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    TelemetryCodec codec = new TelemetryCodec();
    long start = System.currentTimeMillis() - EVENTS_PER_DEVICE * 1000L;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      for (int d = 1; d <= DEVICES; d++) {
        String id = String.format("env-%03d", d);
        for (int s = 1; s <= EVENTS_PER_DEVICE; s++) {
          Telemetry t = new Telemetry(id, s, start + s * 1000L, new Payload.Env(20 + (s % 10) * 0.1, 50));
          producer.send(new ProducerRecord<>("iot-telemetry", id, codec.encodeAvro(t)));
        }
      }
      producer.flush();
    }
  }
}
