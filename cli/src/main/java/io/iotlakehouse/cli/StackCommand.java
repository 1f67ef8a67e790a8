package io.iotlakehouse.cli;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.edge.GatewayKeys;
import io.iotlakehouse.edge.GatewayMain;
import io.iotlakehouse.edge.KafkaUplink;
import io.iotlakehouse.stack.LocalStack;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "stack", mixinStandardHelpOptions = true,
    description = "Start the embedded local services (Kafka, MQTT, Redis) on 127.0.0.1 and keep them running until Ctrl-C. "
        + "Prints the --conf arguments a gateway needs to join them (`lakehouse <args> gateway`).")
final class StackCommand implements Callable<Integer> {
  @ParentCommand LakehouseCli root;

  @Override
  public Integer call() throws InterruptedException {
    LocalStack stack = LocalStack.start(root.config());
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stack.close();
      stop.countDown();
    }));
    Config gateway = gatewayConfig(stack);
    System.out.println("Kafka: " + stack.bootstrapServers());
    if (stack.mqtt() != null) System.out.println("MQTT:  " + stack.mqtt().host() + ":" + stack.mqtt().port());
    System.out.println(security(stack, gateway));
    System.out.println("A gateway joins with: ./lakehouse " + String.join(" ", gateway.asArgs(GatewayMain.keys())) + " gateway"
        + (stack.pki() == null ? "" : "  (after `./lakehouse pki issue --gateway " + gateway.get(GatewayKeys.GATEWAY_ID) + "`)"));
    System.out.println("Running. Ctrl-C stops the services.");
    stop.await();
    return 0;
  }

  /** The stack's config, plus the gateway's way to Kafka: the secure listener when the embedded broker has one. */
  static Config gatewayConfig(LocalStack stack) {
    Config cfg = stack.config();
    if (stack.kafkaCluster() == null) return cfg;
    return stack.kafkaCluster().gatewayAccess().map(a -> KafkaUplink.apply(cfg, a.bootstrapServers(), a.security())).orElse(cfg);
  }

  /** One line on transport security: MQTT (TLS or not), the gateway's Kafka connection, the dev PKI. */
  static String security(LocalStack stack, Config gateway) {
    boolean mqttTls = !gateway.get(PlatformKeys.MQTT_TLS_CA_FILE).isBlank();
    return "Security: MQTT " + (mqttTls ? "over TLS, client certificates required (topic ACLs per device)" : "plain TCP")
        + "; gateway -> Kafka " + KafkaUplink.from(gateway)
        + (stack.pki() == null ? "" : "; dev PKI " + stack.pki().dir() + " (`lakehouse pki`)");
  }
}
