package io.iotlakehouse.cli;

import io.iotlakehouse.bench.CompactionBench;
import io.iotlakehouse.bench.HotPathBench;
import io.iotlakehouse.bench.EdgeBench;
import io.iotlakehouse.bench.IngestBench;
import io.iotlakehouse.bench.MedallionBench;
import io.iotlakehouse.bench.TrainingBench;
import io.iotlakehouse.streaming.StreamingKeys;
import io.iotlakehouse.streaming.io.SparkSessions;
import java.util.List;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.common.kafka.KafkaClientSecurity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks. Each prints progress on stderr and its figures as one JSON object on the last line of stdout.",
    subcommands = {BenchCommand.Ingest.class, BenchCommand.Medallion.class, BenchCommand.HotPath.class, BenchCommand.Edge.class,
        BenchCommand.Training.class, BenchCommand.Compaction.class})
final class BenchCommand {
  @ParentCommand LakehouseCli root;

  /** A fresh folder under the work dir for one benchmark run, deleted afterwards. */
  static Path scratch(LakehouseCli root, String name) throws Exception {
    Path dir = root.config().get(PlatformKeys.WORK_DIR).toAbsolutePath().resolve("bench").resolve(name + "-" + System.currentTimeMillis());
    Files.createDirectories(dir);
    return dir;
  }

  static void delete(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Command(name = "ingest", mixinStandardHelpOptions = true,
      description = "Bronze job rate / raw KafkaConsumer rate on the same topic (embedded broker, realistic events).")
  static final class Ingest implements Callable<Integer> {
    @ParentCommand BenchCommand bench;

    @Option(names = "--events", defaultValue = "1000000", description = "Events to load and read (default ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--partitions", defaultValue = "4", description = "Topic partitions (default ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws Exception {
      checkSize(events, partitions, 1_000_000);
      Path dir = scratch(bench.root, "ingest");
      try {
        IngestBench.Result r = new IngestBench(dir, partitions, System.err).run(events);
        System.out.println(r.toJson());
      } finally {
        delete(dir);
      }
      return 0;
    }
  }

  @Command(name = "hotpath", mixinStandardHelpOptions = true,
      description = "Alert latency of the hot path end to end (MQTT publish -> gateway -> Kafka -> hot path -> Redis "
          + "PUBLISH), on a fresh embedded stack; p50/p99/max on the last line.")
  static final class HotPath implements Callable<Integer> {
    @ParentCommand BenchCommand bench;

    @Option(names = "--alerts", defaultValue = "1000", description = "Events to publish, each tripping one alert (default ${DEFAULT-VALUE}).")
    int alerts;

    @Option(names = "--rate", defaultValue = "50", description = "Events per second, steady (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--warmup", defaultValue = "30s", description = "Publishing at --rate before measuring, after the first alert (default ${DEFAULT-VALUE}).")
    String warmup;

    @Override
    public Integer call() throws Exception {
      if (alerts < 1) {
        throw new LakehouseException("--alerts " + alerts + " is too small", "the bench measures the latency of at least one alert",
            "use --alerts 1000 (the default) or any number from 1");
      }
      if (!(rate >= 1 && rate <= 1000)) {
        throw new LakehouseException("--rate " + rate + " is out of range",
            "it must be 1..1000 events per second: the bench measures latency, not the hot path's throughput",
            "use --rate 50 (the default)");
      }
      java.time.Duration warm = Durations.parse("--warmup", warmup);
      Path dir = scratch(bench.root, "hotpath");
      try {
        HotPathBench.Result r = new HotPathBench(dir, bench.root.config(), rate, warm, System.err).run(alerts);
        System.out.println(r.toJson());
        if (r.lost() > 0) {
          System.err.println("error: " + r.lost() + " of " + alerts + " alerts never arrived on the live channel");
          return 1;
        }
      } finally {
        delete(dir);
      }
      return 0;
    }
  }

  @Command(name = "medallion", mixinStandardHelpOptions = true,
      description = "Kafka -> bronze -> silver -> gold rate (the real jobs) / raw KafkaConsumer rate on the same topic.")
  static final class Medallion implements Callable<Integer> {
    @ParentCommand BenchCommand bench;

    @Option(names = "--events", defaultValue = "500000", description = "Events to load and carry to gold (default ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--partitions", defaultValue = "4", description = "Topic partitions (default ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws Exception {
      checkSize(events, partitions, 500_000);
      Path dir = scratch(bench.root, "medallion");
      try {
        MedallionBench.Result r = new MedallionBench(dir, partitions, System.err).run(events);
        System.out.println(r.toJson());
      } finally {
        delete(dir);
      }
      return 0;
    }
  }

  @Command(name = "edge", mixinStandardHelpOptions = true,
      description = "Gateway store-and-forward: durable append rate through the real buffer (group commit, fsync), and "
          + "the drain rate into a real Kafka after an outage against the live rate; local inference: device publish -> "
          + "local alert latency through a real MQTT broker, and per-event scoring time (JMH).")
  static final class Edge implements Callable<Integer> {
    @ParentCommand BenchCommand bench;

    @Option(names = "--events", defaultValue = "1000000", description = "Events buffered during the outage (default ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--live-eps", defaultValue = "5000",
        description = "Live traffic in events/s (default ${DEFAULT-VALUE}: the 5,000-truck fleet at 1 Hz).")
    double liveEps;

    @Option(names = "--kafka-security", defaultValue = "plaintext",
        description = "How the gateway reaches Kafka: plaintext, ssl or sasl-ssl (TLS with the dev PKI, SCRAM-SHA-512), "
            + "to measure what transport security costs the drain (default ${DEFAULT-VALUE}).")
    String kafkaSecurity;

    @Option(names = "--alerts", defaultValue = "1000", description = "Local alerts measured for alert_p99_ms (default ${DEFAULT-VALUE}).")
    int alerts;

    @Option(names = "--alert-rate", defaultValue = "100", description = "Events (= alerts) per second in the alert phase (default ${DEFAULT-VALUE}).")
    double alertRate;

    @Override
    public Integer call() throws Exception {
      if (alerts < 100) {
        throw new LakehouseException("--alerts " + alerts + " is too small", "a p99 over fewer than 100 alerts is one sample",
            "use --alerts 1000 (the default) or more");
      }
      if (!(alertRate >= 1 && alertRate <= 5000)) {
        throw new LakehouseException("--alert-rate " + alertRate + " is out of range",
            "it must be 1..5000 events per second: the phase measures latency, not the gateway's throughput", "use --alert-rate 100");
      }
      if (events < 10_000) {
        throw new LakehouseException("--events " + events + " is too small", "rates over fewer than 10000 events are noise",
            "use --events 1000000 (the default)");
      }
      if (!List.of("plaintext", "ssl", "sasl-ssl").contains(kafkaSecurity)) {
        throw new LakehouseException("--kafka-security " + kafkaSecurity + " is unknown", "it must be plaintext, ssl or sasl-ssl",
            "use e.g. --kafka-security sasl-ssl");
      }
      if (!(liveEps >= 1 && liveEps <= 1_000_000)) {
        throw new LakehouseException("--live-eps " + liveEps + " is out of range", "it must be 1..1000000", "use e.g. --live-eps 5000");
      }
      Path dir = scratch(bench.root, "edge");
      try {
        EdgeBench.Result r = new EdgeBench(dir, System.err).kafkaSecurity(KafkaClientSecurity.protocolOf(kafkaSecurity))
            .run(events, liveEps, alerts, alertRate);
        System.out.println(r.toJson());
      } finally {
        delete(dir);
      }
      return 0;
    }
  }

  @Command(name = "compaction", mixinStandardHelpOptions = true,
      description = "Query time on a small-file silver table (written as the stream writes it) before and after compaction "
          + "(OPTIMIZE, then Z-ORDER by device_id, event_time); files_before, files_after and query_speedup on the last line.")
  static final class Compaction implements Callable<Integer> {
    @ParentCommand BenchCommand bench;

    @Option(names = "--events", defaultValue = "400000", description = "Events in the table (default ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--batches", defaultValue = "200", description = "Micro-batches (appends) they are written in (default ${DEFAULT-VALUE}).")
    int batches;

    @Option(names = "--runs", defaultValue = "5", description = "Timed runs of each query per variant; the median counts (default ${DEFAULT-VALUE}).")
    int runs;

    @Override
    public Integer call() throws Exception {
      if (events < 10_000 || batches < 10 || batches > events / 100 || runs < 1) {
        throw new LakehouseException("--events " + events + " --batches " + batches + " --runs " + runs + " is not a useful size",
            "the bench needs at least 10000 events in 10 or more batches of 100 or more events, and one timed run",
            "use the defaults (--events 400000 --batches 200 --runs 5)");
      }
      Path dir = scratch(bench.root, "compaction");
      try {
        System.out.println(new CompactionBench(dir, System.err).run(events, batches, runs).toJson());
      } finally {
        delete(dir);
      }
      return 0;
    }
  }

  static void checkSize(long events, int partitions, long defaultEvents) {
    if (events < 1000) {
      throw new LakehouseException("--events " + events + " is too small", "rates over fewer than 1000 events are noise",
          "use --events " + defaultEvents + " (the default) or more");
    }
    if (partitions < 1 || partitions > 64) {
      throw new LakehouseException("--partitions " + partitions + " is out of range", "it must be 1..64", "use e.g. --partitions 4");
    }
  }

  @Command(name = "training", mixinStandardHelpOptions = true,
      description = "Training time of the retrain's training path (Spark features per engine + XGBoost4J-Spark RUL "
          + "model) against rows of synthetic degradation data; seconds per size and the linearity of the two largest.")
  static final class Training implements Callable<Integer> {
    @ParentCommand BenchCommand bench;

    @Option(names = "--sizes", defaultValue = "20000,100000,500000,2000000", split = ",",
        description = "Rows per run, ascending (default ${DEFAULT-VALUE}; 10000000 needs ~12 GB of heap: LAKEHOUSE_JAVA_OPTS=-Xmx16g).")
    List<Long> sizes;

    @Option(names = "--rounds", defaultValue = "100", description = "Boosting rounds (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--workers", defaultValue = "1", description = "XGBoost4J-Spark workers (default ${DEFAULT-VALUE}).")
    int workers;

    @Override
    public Integer call() {
      for (int i = 0; i < sizes.size(); i++) {
        if (sizes.get(i) < 1000 || (i > 0 && sizes.get(i) <= sizes.get(i - 1))) {
          throw new LakehouseException("--sizes " + sizes + " is not usable", "sizes must be at least 1000 rows and "
              + "ascending", "write e.g. --sizes 20000,100000,500000");
        }
      }
      var spark = SparkSessions.create("lakehouse-bench-training", bench.root.config().get(StreamingKeys.SPARK_MASTER));
      TrainingBench.Result r = new TrainingBench(spark, rounds, workers, System.err).run(sizes);
      System.out.println(r.toJson());
      return 0;
    }
  }
}
