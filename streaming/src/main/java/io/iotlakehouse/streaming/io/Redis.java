package io.iotlakehouse.streaming.io;

import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.error.LakehouseException;
import java.net.URI;
import redis.clients.jedis.Jedis;

/** Opens Redis connections from {@code redis.url}, and the errors that say what to do when Redis is not there. */
public final class Redis {
  private Redis() {}

  /**
   * A new connection with the given connect/read timeout. Jedis connects in the constructor: an unreachable Redis
   * throws {@code JedisConnectionException}, for the caller to retry or report.
   */
  public static Jedis open(String url, int timeoutMillis) {
    if (url == null || url.isBlank()) throw missing("a Redis connection was requested");
    try {
      return new Jedis(URI.create(url), timeoutMillis);
    } catch (IllegalArgumentException | redis.clients.jedis.exceptions.InvalidURIException e) {
      throw new LakehouseException("Invalid " + PlatformKeys.REDIS_URL.name() + " '" + url + "'",
          "Jedis cannot use it (" + e.getMessage() + ")", "write it as redis://host:port[/db] or rediss://host:port[/db]", e);
    }
  }

  public static LakehouseException missing(String why) {
    return new LakehouseException("Missing " + PlatformKeys.REDIS_URL.name(), why,
        "pass --conf " + PlatformKeys.REDIS_URL.name() + "=redis://host:port (start a local one with `lakehouse stack`, "
            + "which runs redis-server on stack.redis.port)");
  }

  public static LakehouseException unreachable(String url, String what, Exception cause) {
    return new LakehouseException("Redis at " + url + " did not take " + what,
        cause.getClass().getSimpleName() + ": " + cause.getMessage(),
        "check that Redis runs and " + PlatformKeys.REDIS_URL.name() + " points at it; the hot path resumes from its "
            + "checkpoint and rewrites the batch (its writes are idempotent)", cause);
  }
}
