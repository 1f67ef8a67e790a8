package io.iotlakehouse.edge.io;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the buffer into Kafka: claims entries in buffer order, sends them through an idempotent producer (acks=all)
 * with at most {@code window} unacknowledged, and releases entries from the buffer once Kafka acknowledged them and
 * everything before them. When the producer fails (a batch expired during a long outage, a fatal producer error), it
 * is discarded, the claim cursor goes back to the last released entry and a new producer sends again from there:
 * entries Kafka already had are sent twice (silver dedupes on (device_id, seq)); none is skipped.
 */
public final class BufferForwarder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BufferForwarder.class);

  private static final class InFlight {
    final EventBuffer.Stored stored;
    boolean acked;

    InFlight(EventBuffer.Stored stored) {
      this.stored = stored;
    }
  }

  private final EventBuffer buffer;
  private final Supplier<KafkaForwarder> producers;
  private final int window;
  private final ArrayDeque<InFlight> inflight = new ArrayDeque<>(); // guarded by this, claim order
  private final AtomicLong forwarded = new AtomicLong();
  private final AtomicLong producerResets = new AtomicLong();
  private final Thread thread;
  private volatile KafkaForwarder producer;
  private volatile boolean running = true;
  private volatile boolean metadataReady;
  private volatile Exception failure;
  private long lastReleased;
  private boolean waiting; // guarded by this: the forwarder waits for acks (window full)
  private long disconnectedSince;
  private long waitedSince;
  /** How long Kafka may be unreachable before the producer's unacknowledged entries go back to the buffer. */
  static final long DISCONNECTED_GRACE_MS = 5_000;

  public BufferForwarder(EventBuffer buffer, Supplier<KafkaForwarder> producers, int window) {
    this.buffer = buffer;
    this.producers = producers;
    this.window = window;
    this.thread = new Thread(this::run, "buffer-forwarder");
    this.thread.setDaemon(true);
  }

  public BufferForwarder start() {
    thread.start();
    return this;
  }

  /** Entries Kafka acknowledged (the forward rate is its derivative). */
  public long forwarded() {
    return forwarded.get();
  }

  public long producerResets() {
    return producerResets.get();
  }

  /** True while the producer holds a live connection to a broker and knows the topics. */
  public boolean kafkaConnected() {
    KafkaForwarder p = producer;
    return p != null && metadataReady && p.connected();
  }

  public synchronized int inFlight() {
    return inflight.size();
  }

  private void run() {
    producer = producers.get();
    while (running) {
      try {
        if (failure != null) resetProducer();
        if (!metadataReady) {
          try {
            producer.awaitMetadata();
            metadataReady = true;
            disconnectedSince = 0;
            if (waitedSince != 0) LOG.info("Kafka reachable again after {} s: forwarding the buffer", (System.currentTimeMillis() - waitedSince) / 1000);
            waitedSince = 0;
          } catch (RuntimeException e) {
            if (waitedSince == 0) {
              waitedSince = System.currentTimeMillis();
              LOG.warn("Kafka unreachable ({}); events stay in the buffer until it answers", e.toString());
            }
            Thread.sleep(500);
            continue;
          }
        }
        releaseAcked();
        if (!producer.connected()) {
          // Kafka went away: claim nothing more (what stays unclaimed can still be dropped by policy), and after a
          // grace period hand back what is stuck in the producer, so the buffer holds everything during the outage
          long now = System.currentTimeMillis();
          if (disconnectedSince == 0) disconnectedSince = now;
          if (now - disconnectedSince > DISCONNECTED_GRACE_MS && inFlight() > 0) {
            failure = new IllegalStateException("no connection to Kafka for " + (now - disconnectedSince) / 1000 + " s");
            continue;
          }
          Thread.sleep(100);
          continue;
        }
        disconnectedSince = 0;
        int room;
        synchronized (this) {
          room = window - inflight.size();
          if (room <= 0) {
            waiting = true;
            wait(50);
            waiting = false;
            continue;
          }
        }
        List<EventBuffer.Stored> batch = buffer.claim(Math.min(room, 2000), Duration.ofMillis(50));
        List<InFlight> sending = new java.util.ArrayList<>(batch.size());
        synchronized (this) {
          for (EventBuffer.Stored s : batch) {
            InFlight f = new InFlight(s);
            inflight.add(f); // all of them, before sending any: a failure rewinds over the unsent ones too
            sending.add(f);
          }
        }
        for (InFlight f : sending) {
          if (failure != null) break; // the rest is sent again after the reset
          producer.send(f.stored.entry(), err -> completed(f, err));
        }
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        LOG.error("forwarding failed: {}", e.toString());
        failure = e;
      }
    }
  }

  private void completed(InFlight f, Exception err) {
    synchronized (this) {
      if (err == null) {
        f.acked = true;
        forwarded.incrementAndGet();
      } else if (failure == null) {
        failure = err;
      }
      if (waiting) notifyAll();
    }
  }

  /** Releases the longest acknowledged prefix of the in-flight entries. */
  private void releaseAcked() {
    long upTo = -1;
    long n = 0;
    long bytes = 0;
    synchronized (this) {
      while (!inflight.isEmpty() && inflight.peek().acked) {
        EventBuffer.Stored s = inflight.poll().stored;
        upTo = s.id();
        n++;
        bytes += s.cost();
      }
    }
    if (n > 0) {
      lastReleased = upTo;
      buffer.release(upTo, n, bytes);
    }
  }

  private void resetProducer() throws InterruptedException {
    Exception cause = failure;
    LOG.warn("Kafka producer failed ({}); discarding it and sending again from the buffer after entry {}", cause.toString(), lastReleased);
    KafkaForwarder old = producer;
    metadataReady = false;
    old.abort(); // unsent batches fail now; every callback has run when close returns
    releaseAcked();
    long droppable = 0;
    synchronized (this) {
      for (InFlight f : inflight) if (f.stored.droppable()) droppable += f.stored.cost();
      inflight.clear();
      failure = null;
    }
    buffer.rewind(lastReleased, droppable);
    producerResets.incrementAndGet();
    Thread.sleep(500);
    producer = producers.get();
  }

  /** Waits up to {@code timeout} for in-flight entries to reach Kafka and releases them, then closes the producer. */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    KafkaForwarder p = producer;
    if (p != null) {
      if (metadataReady && failure == null) {
        long deadline = System.currentTimeMillis() + 10_000;
        synchronized (this) {
          while (!inflight.isEmpty() && inflight.stream().anyMatch(f -> !f.acked) && failure == null
              && System.currentTimeMillis() < deadline) {
            try {
              wait(100);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              break;
            }
          }
        }
      }
      p.abort();
    }
    releaseAcked();
  }
}
