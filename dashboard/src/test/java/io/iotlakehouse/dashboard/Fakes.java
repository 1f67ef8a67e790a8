package io.iotlakehouse.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** In-memory sources for tests of the API and the server (no Redis, no Delta table). */
public final class Fakes {
  private Fakes() {}

  public static HotData.Entry entry(String id, long score, Map<String, String> fields) {
    return new HotData.Entry(id, score, fields);
  }

  /** Hot data whose answers are given by suppliers (which may throw). */
  public static final class Hot implements HotData {
    public Supplier<Page> devices = () -> new Page(0, List.of());
    public Supplier<Page> alerts = () -> new Page(0, List.of());
    public Supplier<List<Entry>> pipelines = List::of;

    @Override
    public Page devices(int limit) {
      Page p = devices.get();
      return new Page(p.total(), p.entries().subList(0, Math.min(limit, p.entries().size())));
    }

    @Override
    public Page alerts(int limit) {
      Page p = alerts.get();
      return new Page(p.total(), p.entries().subList(0, Math.min(limit, p.entries().size())));
    }

    @Override
    public List<Entry> pipelines() {
      return pipelines.get();
    }

    @Override
    public String location() {
      return "fake Redis";
    }

    public static Hot unreachable() {
      Hot h = new Hot();
      Supplier<Page> fail = () -> {
        throw new SourceUnavailableException(SourceUnavailableException.State.UNREACHABLE, "Redis at x does not answer", null);
      };
      h.devices = fail;
      h.alerts = fail;
      h.pipelines = () -> {
        throw new SourceUnavailableException(SourceUnavailableException.State.UNREACHABLE, "Redis at x does not answer", null);
      };
      return h;
    }
  }

  /** Gold history over a list of rows. */
  public static final class Gold implements GoldHistory {
    public record Row(SeriesKey key, Window window) {}

    public final List<Row> rows = new ArrayList<>();
    public RuntimeException failure;
    public int reads;

    public Gold add(String device, String kind, String sensor, Instant start, double avg, long count) {
      rows.add(new Row(new SeriesKey(device, kind, sensor),
          new Window(start, start.plusSeconds(300), avg, avg - 1, avg + 1, count)));
      return this;
    }

    @Override
    public List<SeriesKey> series(Instant since) {
      reads++;
      if (failure != null) throw failure;
      return rows.stream().filter(r -> r.window().windowEnd().isAfter(since)).map(Row::key).distinct().toList();
    }

    @Override
    public List<Window> windows(String deviceId, String sensor, Instant since) {
      reads++;
      if (failure != null) throw failure;
      return rows.stream()
          .filter(r -> r.key().deviceId().equals(deviceId) && r.key().sensor().equals(sensor))
          .map(Row::window).filter(w -> w.windowEnd().isAfter(since)).toList();
    }

    @Override
    public String location() {
      return "fake gold table";
    }

    public static Gold missing() {
      Gold g = new Gold();
      g.failure = new SourceUnavailableException(SourceUnavailableException.State.MISSING,
          "The gold table /lake/gold/sensor_rolling_5m does not exist yet", null);
      return g;
    }
  }
}
