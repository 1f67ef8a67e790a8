package io.iotlakehouse.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Redis (the {@code redis-server} binary, Debian package redis-server) as a child process bound to 127.0.0.1,
 * with an append-only file under its data folder, so hot data survives a restart of the stack.
 */
public final class RedisServer implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final String binary;
  private final Duration startTimeout;
  private ChildProcess child;

  public RedisServer(Path dir, int port, String binary, Duration startTimeout) {
    this.dir = dir.toAbsolutePath();
    this.port = port;
    this.binary = binary;
    this.startTimeout = startTimeout;
  }

  public RedisServer start() {
    Path exe = resolve(binary);
    if (Ports.inUse(port)) throw StackException.portTaken("Redis", port, StackKeys.REDIS_PORT.name());
    Path conf = dir.resolve("redis.conf");
    try {
      Files.createDirectories(dir.resolve("data"));
      Files.writeString(conf, String.join("\n",
          "bind 127.0.0.1",
          "port " + port,
          "protected-mode yes",
          "dir " + dir.resolve("data"),
          "appendonly yes",
          "appendfsync everysec",
          "save \"\"",
          "daemonize no",
          "logfile \"\"",
          "") );
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + conf, e);
    }
    child = ChildProcess.start("redis-server", List.of(exe.toString(), conf.toString()), dir.resolve("redis.log"));
    Await.ready("Redis", child, startTimeout, () -> ping("127.0.0.1", port));
    return this;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public ChildProcess process() {
    return child;
  }

  /** True when a Redis at host:port answers PING. */
  static boolean ping(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 500);
      s.setSoTimeout(1000);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[7];
      int n = in.readNBytes(buf, 0, 7);
      return new String(buf, 0, n, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException e) {
      return false;
    }
  }

  private static Path resolve(String binary) {
    Path p = Path.of(binary);
    if (p.isAbsolute() || binary.contains("/")) {
      if (Files.isExecutable(p)) return p;
    } else {
      for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(java.io.File.pathSeparator)) {
        Path candidate = Path.of(d, binary);
        if (Files.isExecutable(candidate)) return candidate;
      }
      Path sbin = Path.of("/usr/sbin", binary);
      if (Files.isExecutable(sbin)) return sbin;
    }
    throw StackException.missingBinary("Redis", binary, StackKeys.REDIS_BINARY.name(),
        "install it with: sudo apt-get install redis-server (or point redis.url at a running Redis)");
  }

  @Override
  public void close() {
    if (child != null) child.close();
  }
}
