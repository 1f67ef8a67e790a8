package io.iotlakehouse.bench;

import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.event.PayloadFormat;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.common.event.TelemetryCodec;
import io.iotlakehouse.common.kafka.KafkaClientSecurity;
import io.iotlakehouse.edge.io.KafkaForwarder;
import io.iotlakehouse.edge.transform.Verdict;
import io.iotlakehouse.simulators.EnvSensor;
import io.iotlakehouse.simulators.SimulatedDevice;
import io.iotlakehouse.simulators.Truck;
import io.iotlakehouse.simulators.TurbofanReplay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The benches' Kafka traffic: loading realistic events as the gateway writes them, and the raw consumer baseline. */
final class BenchTraffic {
  private BenchTraffic() {}

  /** Realistic traffic: the simulators' devices (10 env, 500 trucks, 100 turbofans round-robin), as the gateway writes it. */
  static void load(String bootstrap, String topic, long n) throws Exception {
    List<SimulatedDevice> devices = new ArrayList<>();
    for (int i = 0; i < 10; i++) devices.add(new EnvSensor("env-" + i, i));
    for (int i = 0; i < 500; i++) devices.add(new Truck("truck-" + i, i, 52.5, 13.4));
    Map<Integer, List<Payload.Turbofan>> fd001 = TurbofanReplay.fd001();
    List<SimulatedDevice> engines = new ArrayList<>();
    for (int u = 1; u <= 100; u++) engines.add(new TurbofanReplay("turbofan-" + u, fd001.get(u), 0));
    TelemetryCodec codec = new TelemetryCodec();
    long[] seq = new long[devices.size() + engines.size()];
    Semaphore window = new Semaphore(50_000);
    try (KafkaForwarder forwarder = new KafkaForwarder(bootstrap, KafkaClientSecurity.PLAINTEXT.properties(""), topic,
        topic + "-dlq", "bench-gw", 1 << 16, Duration.ofMinutes(5), "lz4")) {
      // event times end now, one ms apart, so silver accepts them (its late bound is measured from ingest time)
      long now = System.currentTimeMillis() - n;
      for (long i = 0; i < n; i++) {
        int d = (int) (i % seq.length);
        SimulatedDevice dev = d < devices.size() ? devices.get(d) : engines.get(d - devices.size());
        Payload p = dev.next(now + i);
        if (p == null) { // engine trajectory finished: replay it from the start; its seq keeps growing
          int e = d - devices.size();
          dev = new TurbofanReplay(dev.id(), fd001.get(e + 1), 0);
          engines.set(e, dev);
          p = dev.next(now + i);
        }
        Telemetry t = new Telemetry(dev.id(), ++seq[d], now + i, p);
        window.acquire();
        CompletableFuture<Void> f = forwarder.forward(new Verdict.Accepted(t, PayloadFormat.AVRO, 1), "devices/x/" + dev.id() + "/telemetry",
            codec.encodeAvro(t), now + i);
        f.whenComplete((ok, err) -> window.release());
      }
      forwarder.flush();
    }
  }

  static double rawRead(String bootstrap, String topic, long expected) {
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      long t0 = System.nanoTime();
      long n = 0;
      long bytes = 0;
      while (n < expected) {
        for (var r : c.poll(Duration.ofMillis(500))) {
          n++;
          bytes += r.value().length; // touch the payload, as any real consumer would
        }
      }
      double s = (System.nanoTime() - t0) / 1e9;
      if (bytes == 0) throw new IllegalStateException("read no bytes");
      return s;
    }
  }

}
