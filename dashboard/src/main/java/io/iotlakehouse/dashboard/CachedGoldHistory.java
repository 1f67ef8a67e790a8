package io.iotlakehouse.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Keeps each answer of a {@link GoldHistory} for a few seconds: every open page asks every refresh, the table changes
 * once per gold micro-batch. "Does not exist" is kept too, so a missing table is not probed on every request. Keyed by
 * the series asked for, not by {@code since} (which moves with the clock). The list of series (a scan of every row in
 * the history, for the select boxes) changes only when a device or sensor appears, so it is kept longer.
 */
public final class CachedGoldHistory implements GoldHistory {
  private static final int MAX_ENTRIES = 256;

  private final GoldHistory delegate;
  private final Duration ttl;
  private final Duration seriesTtl;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Instant at, Object value, SourceUnavailableException error) {}

  public CachedGoldHistory(GoldHistory delegate, Duration ttl, Duration seriesTtl, Clock clock) {
    this.delegate = delegate;
    this.ttl = ttl;
    this.seriesTtl = seriesTtl;
    this.clock = clock;
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<SeriesKey> series(Instant since) {
    return (List<SeriesKey>) get("series", seriesTtl, () -> delegate.series(since));
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<Window> windows(String deviceId, String sensor, Instant since) {
    return (List<Window>) get("windows\u0000" + deviceId + "\u0000" + sensor, ttl, () -> delegate.windows(deviceId, sensor, since));
  }

  @Override
  public String location() {
    return delegate.location();
  }

  private Object get(String key, Duration keep, Supplier<Object> load) {
    Instant now = clock.instant();
    Cached c = cache.get(key);
    if (c == null || !c.at().plus(c.error() != null ? ttl : keep).isAfter(now)) {
      if (cache.size() >= MAX_ENTRIES) cache.clear();
      try {
        c = new Cached(now, load.get(), null);
      } catch (SourceUnavailableException e) {
        c = new Cached(now, null, e);
      }
      cache.put(key, c);
    }
    if (c.error() != null) throw c.error();
    return c.value();
  }
}
