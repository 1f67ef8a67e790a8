package io.iotlakehouse.dashboard.io;

import io.iotlakehouse.common.hot.RedisLayout;
import io.iotlakehouse.dashboard.HotData;
import io.iotlakehouse.dashboard.SourceUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Reads the hot path's keys ({@link RedisLayout}) with Jedis. Each read is a sorted-set range plus one pipelined
 * round trip for the hashes, so a page refresh costs three round trips whatever the fleet size. Timeouts are short:
 * a Redis that does not answer turns into an "unreachable" panel within about a second, not a hanging page.
 */
public final class RedisHotData implements HotData, AutoCloseable {
  private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(1000);
  private static final Duration SOCKET_TIMEOUT = Duration.ofMillis(2000);
  private static final int MAX_PIPELINES = 1000;

  private final RedisClient client;
  private final String location;

  public RedisHotData(String url) {
    URI uri = URI.create(url);
    this.location = redact(uri);
    DefaultJedisClientConfig.Builder cfg = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis((int) CONNECT_TIMEOUT.toMillis())
        .socketTimeoutMillis((int) SOCKET_TIMEOUT.toMillis())
        .clientName("lakehouse-dashboard")
        .ssl(JedisURIHelper.isRedisSSLScheme(uri))
        .database(JedisURIHelper.getDBIndex(uri));
    String user = JedisURIHelper.getUser(uri);
    String password = JedisURIHelper.getPassword(uri);
    if (user != null) cfg.user(user);
    if (password != null) cfg.password(password);
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    pool.setMaxTotal(4);
    pool.setMaxWait(SOCKET_TIMEOUT);
    pool.setTestOnBorrow(false);
    this.client = RedisClient.builder()
        .hostAndPort(JedisURIHelper.getHostAndPort(uri))
        .clientConfig(cfg.build())
        .poolConfig(pool)
        .build();
  }

  @Override
  public Page devices(int limit) {
    return page(RedisLayout.DEVICES, limit, RedisLayout::device);
  }

  @Override
  public Page alerts(int limit) {
    return page(RedisLayout.ALERTS, limit, RedisLayout::alert);
  }

  @Override
  public List<Entry> pipelines() {
    return read(() -> {
      Set<String> keys = new LinkedHashSet<>();
      String cursor = ScanParams.SCAN_POINTER_START;
      ScanParams params = new ScanParams().match(RedisLayout.PIPELINE_PATTERN).count(200);
      do {
        ScanResult<String> r = client.scan(cursor, params);
        keys.addAll(r.getResult());
        cursor = r.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START) && keys.size() < MAX_PIPELINES);
      String prefix = RedisLayout.pipeline("");
      List<String> ids = keys.stream().map(k -> k.substring(prefix.length())).sorted().toList();
      List<Map<String, String>> hashes = hashes(ids, RedisLayout::pipeline);
      List<Entry> out = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        if (!hashes.get(i).isEmpty()) out.add(new Entry(ids.get(i), 0, hashes.get(i)));
      }
      return out;
    });
  }

  @Override
  public String location() {
    return "Redis at " + location;
  }

  private Page page(String sortedSet, int limit, java.util.function.Function<String, String> hashKey) {
    return read(() -> {
      long total = client.zcard(sortedSet);
      List<Tuple> members = client.zrevrangeWithScores(sortedSet, 0, limit - 1L);
      List<String> ids = members.stream().map(Tuple::getElement).toList();
      List<Map<String, String>> hashes = hashes(ids, hashKey);
      List<Entry> entries = new ArrayList<>(ids.size());
      for (int i = 0; i < ids.size(); i++) {
        // a member whose hash already expired keeps its id and score: the writer trims the set later
        entries.add(new Entry(ids.get(i), (long) members.get(i).getScore(), hashes.get(i)));
      }
      return new Page(total, entries);
    });
  }

  private List<Map<String, String>> hashes(List<String> ids, java.util.function.Function<String, String> hashKey) {
    if (ids.isEmpty()) return List.of();
    List<Response<Map<String, String>>> responses = new ArrayList<>(ids.size());
    try (Pipeline p = client.pipelined()) {
      for (String id : ids) responses.add(p.hgetAll(hashKey.apply(id)));
      p.sync();
    }
    return responses.stream().map(Response::get).toList();
  }

  private <T> T read(java.util.function.Supplier<T> body) {
    try {
      return body.get();
    } catch (JedisException e) {
      throw new SourceUnavailableException(SourceUnavailableException.State.UNREACHABLE,
          "Redis at " + location + " does not answer (" + rootMessage(e) + "). The hot path writes device states, "
              + "alerts and pipeline health there: start it (./lakehouse stack starts a local one) or set redis.url "
              + "to the Redis the hot-path job writes to",
          e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String m = t.getMessage() == null ? "" : t.getMessage().strip().replaceAll("\\.+$", "");
    return t.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + m);
  }

  /** The URL without user info (a password must never reach the page or the logs). */
  static String redact(URI uri) {
    String host = uri.getHost() == null ? "?" : uri.getHost();
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    String path = uri.getPath() == null ? "" : uri.getPath();
    return uri.getScheme() + "://" + host + port + path;
  }

  @Override
  public void close() {
    client.close();
  }
}
