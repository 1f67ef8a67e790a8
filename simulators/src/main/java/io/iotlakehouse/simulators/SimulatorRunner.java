package io.iotlakehouse.simulators;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.common.event.TelemetryCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives simulated devices: each device is its own MQTT client (client id = device id; over TLS with its own
 * certificate when {@code mqtt.tls.ca-file} is set, see {@link DeviceClients}) publishing QoS 1 to
 * {@code devices/<kind>/<device_id>/telemetry}. An event counts as published when the broker acknowledged it.
 */
public final class SimulatorRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatorRunner.class);
  private static final int MAX_IN_FLIGHT = 2_000;

  private final List<Device> devices = new ArrayList<>();
  private final SequenceStore sequences;
  private final TelemetryCodec codec = new TelemetryCodec();
  private final String format;
  private final int schemaVersion;
  private final long perDevice;
  private final double rateHz;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "simulator-ticker");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean stopped;

  private static final class Device {
    final SimulatedDevice sim;
    final Mqtt5AsyncClient client;
    final String topic;
    final AtomicLong sent = new AtomicLong();
    volatile boolean exhausted;

    Device(SimulatedDevice sim, Mqtt5AsyncClient client, String topic) {
      this.sim = sim;
      this.client = client;
      this.topic = topic;
    }
  }

  private SimulatorRunner(Config config, SequenceStore sequences) {
    this.sequences = sequences;
    this.format = config.get(SimulatorKeys.FORMAT);
    this.schemaVersion = config.get(SimulatorKeys.SCHEMA_VERSION);
    this.perDevice = config.get(SimulatorKeys.EVENTS_PER_DEVICE);
    this.rateHz = config.get(SimulatorKeys.RATE_HZ);
  }

  /** Connects every device of the configured fleet and starts publishing. */
  public static SimulatorRunner start(Config config, String mqttHost, int mqttPort, SequenceStore sequences) {
    return start(config, Fleet.from(config), mqttHost, mqttPort, sequences);
  }

  public static SimulatorRunner start(
      Config config, List<SimulatedDevice> fleet, String mqttHost, int mqttPort, SequenceStore sequences) {
    SimulatorRunner r = new SimulatorRunner(config, sequences);
    List<CompletableFuture<?>> connects = new ArrayList<>();
    for (SimulatedDevice d : fleet) {
      Mqtt5AsyncClient c = DeviceClients.builder(config, d.id(), mqttHost, mqttPort).automaticReconnectWithDefaultConfig().buildAsync();
      connects.add(c.connectWith().cleanStart(true).keepAlive(30).send());
      r.devices.add(new Device(d, c, "devices/" + d.kind().wireName() + "/" + d.id() + "/telemetry"));
    }
    CompletableFuture.allOf(connects.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
    LOG.info("{} simulated devices connected to {}:{}", fleet.size(), mqttHost, mqttPort);
    if (r.rateHz > 0) {
      long periodMicros = Math.max(1, (long) (1_000_000 / r.rateHz));
      r.ticker.scheduleAtFixedRate(r::tick, 0, periodMicros, TimeUnit.MICROSECONDS);
    } else {
      r.ticker.execute(() -> {
        while (!r.stopped && r.tick()) {
          // as fast as the broker acknowledges; tick() blocks on the in-flight bound
        }
      });
    }
    r.ticker.scheduleWithFixedDelay(sequences::save, 1, 1, TimeUnit.SECONDS);
    return r;
  }

  /** One event from every device that still has something to send; false when all are done. */
  private boolean tick() {
    boolean any = false;
    long now = System.currentTimeMillis();
    for (Device d : devices) {
      if (stopped) return false;
      if (d.exhausted || (perDevice > 0 && d.sent.get() >= perDevice)) continue;
      Payload p = d.sim.next(now);
      if (p == null) {
        d.exhausted = true;
        continue;
      }
      any = true;
      inFlight.acquireUninterruptibly(); // before counting it as sent, so done() cannot miss it
      d.sent.incrementAndGet();
      Telemetry t = new Telemetry(d.sim.id(), sequences.next(d.sim.id()), now, p,
          schemaVersion >= 2 ? Fleet.FIRMWARE : null);
      boolean json = format.equals("json") || (format.equals("mixed") && (t.seq() & 1) == 0);
      byte[] bytes = json ? codec.encodeJson(t) : codec.encodeAvro(t, schemaVersion);
      d.client.publishWith().topic(d.topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes).send().whenComplete((ack, err) -> {
        if (err == null) {
          published.incrementAndGet();
        } else {
          failed.incrementAndGet();
          LOG.warn("publish of {} seq {} failed: {}", t.deviceId(), t.seq(), err.toString());
        }
        inFlight.release(); // after counting, so done() never sees a finished publish uncounted
      });
    }
    return any;
  }

  /** Events the broker has acknowledged. */
  public long published() {
    return published.get();
  }

  public long failed() {
    return failed.get();
  }

  /** True once every device has sent its quota or run out of data, and every publish is acknowledged. */
  public boolean done() {
    boolean allSent = devices.stream().allMatch(d -> d.exhausted || (perDevice > 0 && d.sent.get() >= perDevice));
    return allSent && inFlight.availablePermits() == MAX_IN_FLIGHT;
  }

  /** Waits until {@link #done()} or the timeout; true if done. */
  public boolean awaitDone(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done()) {
      if (System.nanoTime() > deadline) return false;
      Thread.sleep(50);
    }
    return true;
  }

  @Override
  public void close() {
    stopped = true;
    ticker.shutdown();
    try {
      ticker.awaitTermination(10, TimeUnit.SECONDS);
      inFlight.tryAcquire(MAX_IN_FLIGHT, 30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sequences.save();
    devices.forEach(d -> d.client.disconnect());
  }
}
