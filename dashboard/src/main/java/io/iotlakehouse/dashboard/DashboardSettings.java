package io.iotlakehouse.dashboard;

import io.iotlakehouse.common.config.Config;
import java.time.Duration;

/** The dashboard's own settings, read once from {@link DashboardKeys}. */
public record DashboardSettings(
    int port, Duration refresh, Duration history, Duration pipelineStaleAfter, int fleetLimit, int alertLimit) {

  public static DashboardSettings from(Config config) {
    return new DashboardSettings(
        config.get(DashboardKeys.PORT),
        config.get(DashboardKeys.REFRESH),
        config.get(DashboardKeys.HISTORY),
        config.get(DashboardKeys.PIPELINE_STALE_AFTER),
        config.get(DashboardKeys.FLEET_LIMIT),
        config.get(DashboardKeys.ALERT_LIMIT));
  }

  public static DashboardSettings defaults() {
    return from(Config.defaults(DashboardKeys.keys()));
  }

  public DashboardSettings withPort(int newPort) {
    return new DashboardSettings(newPort, refresh, history, pipelineStaleAfter, fleetLimit, alertLimit);
  }
}
