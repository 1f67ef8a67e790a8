package io.iotlakehouse.stack;

import io.iotlakehouse.common.error.LakehouseException;

/** A local service could not be started or reached. */
public final class StackException extends LakehouseException {
  private StackException(String what, String why, String fix) {
    super(what, why, fix);
  }

  static StackException portTaken(String service, int port, String key) {
    return new StackException(
        "Cannot start the embedded " + service + " on 127.0.0.1:" + port,
        "the port is already in use (another lakehouse demo, or another program)",
        "stop the other program, or choose another port with --conf " + key + "=<port>");
  }

  static StackException missingBinary(String service, String binary, String key, String install) {
    return new StackException(
        "Cannot start the local " + service + ": no executable '" + binary + "'",
        "the local stack runs the real " + service + " server program, and it is not on PATH (nor in /usr/sbin)",
        install + "; or set --conf " + key + "=<path to the binary>");
  }

  static StackException notReady(String service, String detail, ChildProcess child) {
    return new StackException(
        "The embedded " + service + " did not become ready",
        detail + (child == null ? "" : "; last lines of " + child.log() + ":\n" + child.logTail(25)),
        "read the log above; if the machine is just slow, raise stack.start-timeout");
  }

  static StackException invalidIdentity(String name) {
    return new StackException("'" + name + "' is not a valid device, gateway or monitor id",
        "it becomes a certificate CN and an MQTT topic level, so it must be 1-64 of [A-Za-z0-9._-] starting with a "
            + "letter or digit", "choose an id of that form");
  }
}
