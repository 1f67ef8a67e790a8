package io.iotlakehouse.mqttbroker.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts and logs every refusal of the broker's security layer, by kind: {@code tls_handshake} (no certificate, one of
 * another CA, expired, not TLS at all), {@code connect:<reason>} (certificate accepted by TLS but not an identity of
 * ours, or a client id that is not the certificate's), {@code publish}, {@code subscribe} (topic not allowed). Log
 * lines start with {@code security: refused} and carry the running count; a flood is logged for the first 100 of a
 * kind and then every 1000th. The extension also publishes the counts as HiveMQ metrics.
 */
public final class SecurityEvents {
  private static final Logger LOG = LoggerFactory.getLogger("io.iotlakehouse.mqttbroker.security");
  private static final SecurityEvents INSTANCE = new SecurityEvents();
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  /** The one per broker JVM (the TLS log appender and the extension share it). */
  public static SecurityEvents get() {
    return INSTANCE;
  }

  public void refused(String kind, String detail) {
    long n = counter(kind).incrementAndGet();
    if (n <= 100 || n % 1000 == 0) LOG.warn("security: refused {} (#{}): {}", kind, n, detail);
  }

  public AtomicLong counter(String kind) {
    return counts.computeIfAbsent(kind, k -> new AtomicLong());
  }
}
