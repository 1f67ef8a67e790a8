package io.iotlakehouse.cli;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.ConfigArgs;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.edge.Gateway;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "gateway", mixinStandardHelpOptions = true,
    description = "Run an edge gateway (MQTT in, Kafka out) in the foreground against existing brokers.")
final class GatewayCommand implements Callable<Integer> {
  @ParentCommand LakehouseCli root;

  @Override
  public Integer call() throws InterruptedException {
    Config config = root.config();
    ConfigArgs.require(config, PlatformKeys.KAFKA_BOOTSTRAP, "a gateway connects to an existing Kafka (start one with `lakehouse stack`)");
    ConfigArgs.require(config, PlatformKeys.MQTT_HOST, "a gateway connects to an existing MQTT broker (start one with `lakehouse stack`)");
    Gateway gateway = new Gateway(config).start();
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      gateway.close();
      stop.countDown();
    }));
    stop.await();
    return 0;
  }
}
