package io.iotlakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.stack.Ports;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `lakehouse demo` end to end, twice on the same work folder: the second run resumes where the first stopped. */
class DemoIT {
  private static final Pattern PROGRESS = Pattern.compile(
      "published ([\\d,]+) \\(.*\\) \\| Kafka ([\\d,]+) \\| bronze ([\\d,]+) \\| silver ([\\d,]+), quarantine ([\\d,]+), "
          + "duplicates ([\\d,]+) \\| gold windows ([\\d,]+) \\| dead letters ([\\d,]+)");

  @TempDir Path work;

  @Test
  void runsTheWholeLoopAndResumes() throws Exception {
    Config config = Config.load(AllKeys.list(), null, List.of("lakehouse.work-dir=" + work,
        "stack.kafka.port=" + Ports.free(), "stack.kafka.controller-port=" + Ports.free(), "mqtt.port=" + Ports.free(), "stack.redis.port=" + Ports.free(), "dashboard.port=" + Ports.free(),
        "stack.kafka.secure-port=" + Ports.free(),
        "simulators.env.count=3", "simulators.trucks.count=5", "simulators.turbofans.count=2", "simulators.rate-hz=5",
        // short triggers so the 40 s run lands in every layer; gold (seconds per batch whatever its size) every 10 s, not
        // back to back: the same windows with a core to spare
        "streaming.bronze.trigger-interval=2s", "streaming.silver.trigger-interval=2s", "streaming.gold.trigger-interval=10s"));

    long[] first = lastProgress(run(config, Duration.ofSeconds(40)));
    assertThat(first[0]).as("published").isGreaterThan(0);
    assertThat(first[1]).as("in Kafka").isEqualTo(first[0]);
    assertThat(first[2]).as("in bronze").isEqualTo(first[0]);
    assertThat(first[3]).as("in silver: every event of a registered device, once").isEqualTo(first[0]);
    assertThat(first[4] + first[5] + first[7]).as("quarantine, duplicates, dead letters").isZero();
    assertThat(first[6]).as("gold 5-minute windows").isPositive();

    long[] second = lastProgress(run(config, Duration.ofSeconds(15))); // the resume is the point, not the volume
    // published counts this run; Kafka, bronze and silver hold both runs, nothing lost or doubled
    assertThat(second[1]).isEqualTo(first[1] + second[0]);
    assertThat(second[2]).isEqualTo(second[1]);
    assertThat(second[3]).isEqualTo(second[1]);
  }

  private static String run(Config config, Duration publishing) throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    java.util.concurrent.CompletableFuture<Void> demo = java.util.concurrent.CompletableFuture.runAsync(() -> {
      try {
        new Demo(config, new PrintStream(buf, true, StandardCharsets.UTF_8)).run(publishing);
      } catch (Exception e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    });
    // while it runs, the dashboard shows the devices the hot path wrote to Redis and the queries' progress
    Pattern url = Pattern.compile("Dashboard: (http://127\\.0\\.0\\.1:\\d+/)");
    org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(12)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      Matcher m = url.matcher(buf.toString(StandardCharsets.UTF_8));
      assertThat(m.find()).as("dashboard URL printed").isTrue();
      assertThat(get(m.group(1) + "api/fleet")).contains("\"device_id\":\"env-001\"");
      assertThat(get(m.group(1) + "api/pipelines")).contains("bronze-telemetry", "silver-telemetry", "hotpath-alerts");
    });
    demo.get(10, java.util.concurrent.TimeUnit.MINUTES);
    String out = buf.toString(StandardCharsets.UTF_8);
    System.out.println(out);
    assertThat(out).contains("Devices publishing.", "Stopped. Run the same command again to resume.");
    return out;
  }

  private static String get(String url) throws Exception {
    var client = java.net.http.HttpClient.newHttpClient();
    return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
  }

  /** published, Kafka, bronze, silver, quarantine, duplicates, gold windows, dead letters of the last progress line. */
  private static long[] lastProgress(String out) {
    Matcher m = PROGRESS.matcher(out);
    long[] last = null;
    while (m.find()) {
      last = new long[8];
      for (int i = 0; i < 8; i++) last[i] = Long.parseLong(m.group(i + 1).replace(",", ""));
    }
    assertThat(last).as("a progress line in:\n" + out).isNotNull();
    return last;
  }
}
