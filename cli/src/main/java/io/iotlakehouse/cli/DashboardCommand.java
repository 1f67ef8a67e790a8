package io.iotlakehouse.cli;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.dashboard.DashboardServer;
import io.iotlakehouse.stack.StackKeys;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "dashboard", mixinStandardHelpOptions = true,
    description = {
      "Serve the live dashboard on 127.0.0.1 (dashboard.port) until Ctrl-C and print its URL: fleet, truck map, active "
          + "alerts and pipeline health from Redis (redis.url), rolling 5-minute averages from the gold table under lake.root.",
      "With redis.url empty it reads the local stack's Redis (stack.redis.port), which `lakehouse stack` or `lakehouse demo` "
          + "starts. A Redis that does not answer or a gold table that does not exist yet is shown on the page."
    })
final class DashboardCommand implements Callable<Integer> {
  @ParentCommand LakehouseCli root;

  @Override
  public Integer call() throws InterruptedException {
    Config config = root.config();
    if (config.get(PlatformKeys.REDIS_URL).isBlank()) {
      config = config.with(PlatformKeys.REDIS_URL, "redis://127.0.0.1:" + config.get(StackKeys.REDIS_PORT));
      System.out.println("redis.url is empty: reading the local stack's Redis at " + config.get(PlatformKeys.REDIS_URL));
    }
    DashboardServer server = DashboardServer.start(config);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stop.countDown();
    }));
    System.out.println("Dashboard at " + server.url() + " (Ctrl-C stops it)");
    stop.await();
    return 0;
  }
}
