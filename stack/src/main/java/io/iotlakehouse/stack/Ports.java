package io.iotlakehouse.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback port helpers. */
public final class Ports {
  private Ports() {}

  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  /** IANA's dynamic range, the start of the ephemeral ports where {@link #EPHEMERAL_RANGE} does not exist (macOS). */
  private static final int IANA_EPHEMERAL_START = 49152;
  private static final int RANGE = 16_000;
  /** Above the platform's default ports (Kafka 19092-19094, Atlas 21000, ...), so a test never takes a running demo's. */
  private static final int LOWEST = 22_000;
  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  /**
   * A currently free port on 127.0.0.1 for a server that may be restarted on it, picked below the OS's ephemeral range
   * (and above {@link #LOWEST}).
   * A port the OS hands out for {@code bind(0)} comes from that range, the same one every outgoing connection's local
   * port comes from: while the server is down (a fault campaign kills its broker for minutes) any client connection
   * can take it, and the restart fails with "Address already in use" (seen in `chaos kafka-outage`: the broker's
   * listener port was taken during a 3-minute outage). Below the range no outgoing connection ever gets it. Never the
   * same port twice in one JVM.
   */
  public static int free() {
    int end = ephemeralStart();
    int start = Math.max(LOWEST, end - RANGE);
    if (end - start < 1000) return osChosen(); // an unusual ephemeral range leaves no room below it
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(start, end);
      synchronized (HANDED_OUT) {
        if (!HANDED_OUT.add(port)) continue;
      }
      if (bindable(port)) return port;
    }
    throw new IllegalStateException("no free port on 127.0.0.1 in " + start + ".." + (end - 1) + " after 200 tries; "
        + "free some of those ports, or widen the range by raising net.ipv4.ip_local_port_range's lower bound");
  }

  private static int osChosen() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int ephemeralStart() {
    try {
      // a line reader: procfs reports size 0, and Files.readString returned only "3" of "32768\t60999" here
      String[] range = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
      return Integer.parseInt(range[0]);
    } catch (IOException | RuntimeException e) {
      return IANA_EPHEMERAL_START;
    }
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public static boolean accepts(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public static boolean inUse(int port) {
    return accepts("127.0.0.1", port);
  }
}
