package io.iotlakehouse.edge;

import io.iotlakehouse.common.error.LakehouseException;
import java.nio.file.Path;

/** User-facing errors of the gateway: what happened, why, how to fix it. */
public final class EdgeErrors {
  private EdgeErrors() {}

  public static LakehouseException bufferInUse(Path dir) {
    return new LakehouseException("Buffer folder " + dir + " is in use",
        "another gateway process holds its lock (two gateways on one buffer would forward and acknowledge each other's data)",
        "stop the other gateway, or give this one its own folder with --conf edge.buffer.dir=<folder> (and its own edge.gateway-id)");
  }

  public static LakehouseException bufferUnusable(Path dir, Exception cause) {
    return new LakehouseException("Cannot use the buffer in " + dir, cause.toString(),
        "check that the folder is writable and the disk not full (edge.buffer.dir); if buffer.db is damaged, move it "
            + "aside (its undelivered events are then lost to this gateway) and restart",
        cause);
  }

  public static LakehouseException noBufferState(Path dir) {
    return new LakehouseException("No gateway buffer in " + dir, "the folder has no " + "buffer.db",
        "pass the gateway's edge.buffer.dir (default <lakehouse.work-dir>/gateways/<edge.gateway-id>) to --state");
  }

  public static LakehouseException budgetTooSmall(long budget, long maxPayload) {
    return new LakehouseException("edge.buffer.max-bytes=" + budget + " is too small",
        "it must hold at least 16 of the largest accepted payloads (edge.max-payload-bytes=" + maxPayload + "), or one "
            + "message could block the gateway for ever",
        "raise edge.buffer.max-bytes to at least " + 16 * (maxPayload + 1024) + " or lower edge.max-payload-bytes");
  }

  public static LakehouseException metricsPortTaken(int port, Exception cause) {
    return new LakehouseException("Cannot serve gateway metrics on 127.0.0.1:" + port, cause.toString(),
        "set edge.metrics.port to a free port (0 picks one and logs it)", cause);
  }

  public static LakehouseException saslWithoutUser() {
    return new LakehouseException("edge.kafka.security-protocol=sasl-ssl needs a user",
        "edge.kafka.sasl.username is empty, so the gateway cannot log in to Kafka",
        "set edge.kafka.sasl.username and edge.kafka.sasl.password (env:<VARIABLE> or file:<path>)");
  }
}
