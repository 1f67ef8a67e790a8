package io.iotlakehouse.common.lineage;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends lineage events to a Kafka topic, keyed by job name (so one job's events stay in order), from a background
 * thread: the caller never waits for Kafka, even for topic metadata; {@link #close} waits at most a few seconds. The producer is idempotent with acks=all; when
 * Kafka is unreachable it retries for two minutes, then the event is logged as lost (the next event of the job
 * repeats what it knows, since events are cumulative). At most 1,000 events wait; beyond that new ones are dropped
 * and counted in the log.
 */
final class KafkaLineageEmitter implements LineageEmitter {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaLineageEmitter.class);

  private final String topic;
  private final KafkaProducer<String, byte[]> producer;
  private final ExecutorService sender;
  private final AtomicLong failed = new AtomicLong();

  KafkaLineageEmitter(String bootstrap, String topic) {
    this.topic = topic;
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 50,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
        ProducerConfig.CLIENT_ID_CONFIG, "lakehouse-lineage-" + ProcessHandle.current().pid()),
        new StringSerializer(), new ByteArraySerializer());
    this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1000), r -> {
      Thread t = new Thread(r, "lineage-emitter");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void emit(LineageEvent event) {
    byte[] value = LineageJson.toBytes(event);
    try {
      sender.execute(() -> producer.send(new ProducerRecord<>(topic, event.jobName(), value), (md, err) -> {
        if (err != null) lost(event, err.toString());
      }));
    } catch (RejectedExecutionException e) {
      // the sender also refuses once close() ran: a job that fails sends FAIL while its JVM's shutdown hooks run
      lost(event, sender.isShutdown() ? "the emitter is closed: this JVM is stopping"
          : "1,000 lineage events already wait for Kafka");
    }
  }

  private void lost(LineageEvent event, String why) {
    long n = failed.incrementAndGet();
    if (n == 1 || n % 100 == 0) {
      LOG.warn("Lineage event {} of job {} not sent to topic {} ({}); {} lost so far. The job is unaffected; its next "
          + "event repeats what it knows. Check kafka.bootstrap-servers and that the topic exists.",
          event.type(), event.jobName(), topic, why, n);
    }
  }

  @Override
  public void close() {
    sender.shutdown();
    try {
      sender.awaitTermination(3, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // bounded: a job or gateway stopping while Kafka is away must not hang on lineage
    producer.close(java.time.Duration.ofSeconds(3));
  }
}
