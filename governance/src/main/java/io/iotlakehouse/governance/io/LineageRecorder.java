package io.iotlakehouse.governance.io;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.lineage.LineageEvent;
import io.iotlakehouse.common.lineage.LineageJson;
import io.iotlakehouse.common.lineage.MalformedLineageException;
import io.iotlakehouse.governance.GovernanceKeys;
import io.iotlakehouse.stack.KafkaTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lineage recorder: consumes {@code kafka.topic.lineage} and applies each event to Atlas ({@link AtlasWriter}),
 * in order, committing a Kafka offset only after Atlas accepted everything before it. While Atlas is unreachable it
 * retries every {@code governance.recorder.retry-interval} from the first unapplied event, so events wait in Kafka
 * and none is lost; after a crash the uncommitted tail is applied again, which changes nothing (idempotent writes).
 * An event that cannot be applied (not a lineage event, or rejected by Atlas) is parked on
 * {@code governance.recorder.parked-topic} with the reason, logged, and skipped.
 */
public final class LineageRecorder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LineageRecorder.class);

  private final AtlasClient atlas;
  private final AtlasWriter writer;
  private final String topic;
  private final String parkedTopic;
  private final Duration retry;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> parker;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicBoolean waiting = new AtomicBoolean();
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong unchanged = new AtomicLong();
  private final AtomicLong parked = new AtomicLong();
  private Thread thread;
  private boolean typesRegistered;

  public LineageRecorder(Config config, AtlasClient atlas) {
    this.atlas = atlas;
    this.writer = new AtlasWriter(atlas);
    String bootstrap = config.get(PlatformKeys.KAFKA_BOOTSTRAP);
    this.topic = config.get(PlatformKeys.TOPIC_LINEAGE);
    this.parkedTopic = config.get(GovernanceKeys.PARKED_TOPIC);
    this.retry = config.get(GovernanceKeys.RETRY_INTERVAL);
    KafkaTopics.ensure(bootstrap, config.get(PlatformKeys.TOPIC_PARTITIONS), (short) 1, Set.of(topic, parkedTopic));
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, config.get(GovernanceKeys.GROUP_ID),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200,
        // a long Atlas outage is spent waiting between polls, not inside one: keep the group membership meanwhile
        ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 600_000),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.parker = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Runs the loop in a background thread. */
  public LineageRecorder start() {
    thread = new Thread(this::run, "lineage-recorder");
    thread.start();
    return this;
  }

  /** The loop: until {@link #close}. */
  public void run() {
    consumer.subscribe(Set.of(topic));
    LOG.info("lineage recorder: {} -> Atlas at {} (parked events: {})", topic, atlas.url(), parkedTopic);
    try {
      while (running.get()) {
        if (!typesRegistered && !registerTypes()) continue;
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofSeconds(1));
        if (!batch.isEmpty()) applyBatch(batch);
      }
    } catch (WakeupException e) {
      if (running.get()) throw e;
    } finally {
      consumer.close(Duration.ofSeconds(5));
      parker.close(Duration.ofSeconds(5));
    }
  }

  private boolean registerTypes() {
    try {
      var created = AtlasTypes.register(atlas);
      LOG.info("Atlas types: {}", created.isEmpty() ? "all present" : "created " + created);
      typesRegistered = true;
      waiting.set(false);
      return true;
    } catch (AtlasException e) {
      waitForAtlas(e);
      return false;
    }
  }

  private void applyBatch(ConsumerRecords<byte[], byte[]> batch) {
    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    for (TopicPartition tp : batch.partitions()) {
      for (ConsumerRecord<byte[], byte[]> r : batch.records(tp)) {
        try {
          handle(r);
          done.put(tp, new OffsetAndMetadata(r.offset() + 1));
        } catch (AtlasException e) {
          // Atlas is away: keep what was applied, and read again from here (and from every partition's first
          // unapplied record) once it is back
          consumer.commitSync(done);
          for (TopicPartition p : batch.partitions()) {
            OffsetAndMetadata d = done.get(p);
            consumer.seek(p, d != null ? d.offset() : batch.records(p).get(0).offset());
          }
          waitForAtlas(e);
          return;
        }
      }
    }
    consumer.commitSync(done);
    if (waiting.getAndSet(false)) LOG.info("Atlas at {} is back; lineage events are applied again", atlas.url());
  }

  private void handle(ConsumerRecord<byte[], byte[]> r) {
    LineageEvent event;
    try {
      event = LineageJson.parse(r.value());
    } catch (MalformedLineageException e) {
      park(r, e.reason(), e.getMessage());
      return;
    }
    try {
      if (writer.apply(event)) applied.incrementAndGet();
      else unchanged.incrementAndGet();
    } catch (AtlasException e) {
      if (e.retriable()) throw e;
      park(r, "rejected_by_atlas", e.getMessage());
    }
  }

  private void park(ConsumerRecord<byte[], byte[]> r, String reason, String detail) {
    LOG.warn("Parked lineage event {}-{}@{} on {}: {} ({}). The recorder goes on; fix the emitter, then re-send the "
        + "event from the parked topic.", r.topic(), r.partition(), r.offset(), parkedTopic, reason, detail);
    ProducerRecord<byte[], byte[]> p = new ProducerRecord<>(parkedTopic, r.key(), r.value());
    p.headers().add("lakehouse.reason", reason.getBytes(StandardCharsets.UTF_8));
    p.headers().add("lakehouse.detail", detail.getBytes(StandardCharsets.UTF_8));
    p.headers().add("lakehouse.source", (r.topic() + "-" + r.partition() + "@" + r.offset()).getBytes(StandardCharsets.UTF_8));
    try {
      parker.send(p).get(30, TimeUnit.SECONDS);
      parked.incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AtlasException("interrupted while parking an event", 0, e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new AtlasException("cannot park an event on " + parkedTopic + ": " + e, 0, e); // retried like an outage
    }
  }

  private void waitForAtlas(AtlasException e) {
    if (!waiting.getAndSet(true)) {
      LOG.warn("Atlas is not accepting lineage ({}). Events wait in Kafka; retrying every {} s.", e.getMessage(),
          retry.toSeconds());
    }
    try {
      Thread.sleep(retry.toMillis());
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      running.set(false);
    }
  }

  /** Events that changed Atlas. */
  public long applied() {
    return applied.get();
  }

  /** Events Atlas already had (replays). */
  public long unchanged() {
    return unchanged.get();
  }

  public long parked() {
    return parked.get();
  }

  /** True while Atlas is unreachable and events wait. */
  public boolean waitingForAtlas() {
    return waiting.get();
  }

  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
    if (thread != null) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
