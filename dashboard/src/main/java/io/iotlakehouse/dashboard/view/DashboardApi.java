package io.iotlakehouse.dashboard.view;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotlakehouse.dashboard.DashboardSettings;
import io.iotlakehouse.dashboard.GoldHistory;
import io.iotlakehouse.dashboard.HotData;
import io.iotlakehouse.dashboard.SourceUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON API of the dashboard, one method per endpoint, independent of HTTP. Whatever the sources do, each method
 * returns a panel ({@link Panel}): data, or a status with the reason to show instead. A source that does not answer
 * is a status, not an error; an unexpected failure is status {@code error} with a one-line reason (the stack trace
 * goes to the log, never to the page).
 */
public final class DashboardApi {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardApi.class);
  static final int MAX_PARAM_LENGTH = 200;

  private final HotData hot;
  private final GoldHistory gold;
  private final DashboardSettings settings;
  private final Clock clock;

  public DashboardApi(HotData hot, GoldHistory gold, DashboardSettings settings, Clock clock) {
    this.hot = hot;
    this.gold = gold;
    this.settings = settings;
    this.clock = clock;
  }

  /** What the page needs to know before it polls. */
  public ObjectNode config() {
    ObjectNode n = Json.object();
    n.put("refresh_ms", settings.refresh().toMillis());
    n.put("history_s", settings.history().toSeconds());
    n.put("pipeline_stale_after_s", settings.pipelineStaleAfter().toSeconds());
    n.put("redis", hot.location());
    n.put("gold", gold.location());
    return n;
  }

  public ObjectNode fleet() {
    return panel("fleet", hot.location(), () -> FleetView.render(hot.location(), hot.devices(settings.fleetLimit()), now()));
  }

  public ObjectNode alerts() {
    return panel("alerts", hot.location(), () -> AlertsView.render(hot.location(), hot.alerts(settings.alertLimit()), now()));
  }

  public ObjectNode pipelines() {
    return panel("pipelines", hot.location(),
        () -> PipelinesView.render(hot.location(), hot.pipelines(), now(), settings.pipelineStaleAfter()));
  }

  public ObjectNode catalog() {
    return panel("series catalog", gold.location(),
        () -> SeriesView.catalog(gold.location(), gold.series(since()), settings.history()));
  }

  public ObjectNode series(String deviceId, String sensor) {
    if (blank(deviceId) || blank(sensor)) {
      return Panel.empty(gold.location(), "Choose a device and a sensor");
    }
    if (deviceId.length() > MAX_PARAM_LENGTH || sensor.length() > MAX_PARAM_LENGTH) {
      return Panel.empty(gold.location(), "Device id and sensor name are at most " + MAX_PARAM_LENGTH + " characters");
    }
    return panel("series", gold.location(), () -> SeriesView.chart(gold.location(), deviceId, sensor,
        gold.windows(deviceId, sensor, since()), settings.history()));
  }

  private Instant now() {
    return clock.instant();
  }

  private Instant since() {
    return now().minus(settings.history());
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static ObjectNode panel(String what, String source, Supplier<ObjectNode> body) {
    try {
      return body.get();
    } catch (SourceUnavailableException e) {
      LOG.debug("{}: {}", what, e.reason());
      return Panel.unavailable(source, e);
    } catch (RuntimeException e) {
      LOG.warn("dashboard {} failed", what, e);
      ObjectNode n = Panel.ok(source);
      n.put("status", "error");
      n.put("reason", "Reading " + what + " failed: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())) + " (details in the dashboard's log)");
      return n;
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }

}
