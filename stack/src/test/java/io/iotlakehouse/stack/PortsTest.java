package io.iotlakehouse.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {

  @Test
  void freePortsLieBelowTheEphemeralRangeAreDistinctAndCanBeListenedOn() throws Exception {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      int port = Ports.free();
      assertThat(port).isBetween(22_000, Ports.ephemeralStart() - 1);
      assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
    }
    int port = Ports.free();
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      assertThat(Ports.inUse(port)).isTrue();
    }
  }
}
