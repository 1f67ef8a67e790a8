package io.iotlakehouse.cli;

import io.iotlakehouse.stack.LocalStack;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "stack", mixinStandardHelpOptions = true,
    description = "Start the embedded local services (Kafka, MQTT) on 127.0.0.1 and keep them running until Ctrl-C.")
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
    System.out.println("Kafka: " + stack.bootstrapServers());
    if (stack.mqtt() != null) System.out.println("MQTT:  " + stack.mqtt().host() + ":" + stack.mqtt().port());
    System.out.println("Running. Ctrl-C stops the services.");
    stop.await();
    return 0;
  }
}
