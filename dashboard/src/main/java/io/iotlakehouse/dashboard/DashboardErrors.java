package io.iotlakehouse.dashboard;

import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.error.LakehouseException;

/** User-facing errors of the dashboard: what happened, why, and how to fix it. */
final class DashboardErrors {
  private DashboardErrors() {}

  static LakehouseException redisNotConfigured() {
    return new LakehouseException(
        "No Redis to read hot data from",
        PlatformKeys.REDIS_URL.name() + " is empty and the dashboard never starts a Redis of its own",
        "set --conf " + PlatformKeys.REDIS_URL.name() + "=redis://host:port/db (the Redis the hot-path job writes to), "
            + "or run ./lakehouse dashboard, which reads the local stack's Redis");
  }

  static LakehouseException portTaken(int port, Exception cause) {
    return new LakehouseException(
        "Cannot serve the dashboard on 127.0.0.1:" + port,
        "the port is taken (" + cause.getMessage() + "), probably by another dashboard",
        "stop the other program or pick another port with --conf " + DashboardKeys.PORT.name() + "=<port> (0 picks a free one)",
        cause);
  }
}
