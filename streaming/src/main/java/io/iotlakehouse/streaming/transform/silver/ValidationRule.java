package io.iotlakehouse.streaming.transform.silver;

import io.iotlakehouse.common.event.DeviceKind;
import io.iotlakehouse.common.event.Telemetry;
import java.io.Serializable;
import java.util.Objects;
import java.util.Set;

/**
 * One silver validation rule, declared as data: its id (written to quarantine rows), what it requires, the device
 * kinds it applies to, and the pipeline stage that evaluates it. Rules of stage {@link Stage#EVENT} carry their
 * predicate as a Java function over the decoded event; the other stages are evaluated by the step named after them
 * (decoding, the device-registry join, the per-device state), because they need more than one event.
 *
 * @param description what a passing event satisfies (documentation, README table)
 * @param check for {@link Stage#EVENT} rules: the predicate; null for the other stages
 */
public record ValidationRule(String id, Stage stage, Set<DeviceKind> kinds, String description, EventCheck check)
    implements Serializable {

  /** Stages in pipeline order; a row is judged by the first rule it fails, in {@link SilverRules#all()} order. */
  public enum Stage {
    /** the codec: bytes -> event (envelope contract, types, nulls) */
    DECODE,
    /** one decoded event on its own */
    EVENT,
    /** the event's device against the device registry table */
    REGISTRY,
    /** the event against its device's earlier events (flatMapGroupsWithState keyed by device_id) */
    STATE
  }

  /** A predicate over one decoded event. */
  @FunctionalInterface
  public interface EventCheck extends Serializable {
    /** @return null when the event passes, otherwise what is wrong with it, in words (becomes the quarantine reason) */
    String violation(Telemetry event, Context context);
  }

  /** What an {@link EventCheck} may look at besides the event. */
  public record Context(String kafkaKey, long ingestTimeMillis, SilverSettings settings) {}

  public ValidationRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(stage, "stage");
    kinds = Set.copyOf(kinds);
    Objects.requireNonNull(description, "description");
    if ((stage == Stage.EVENT) != (check != null)) {
      throw new IllegalArgumentException("rule " + id + ": exactly the EVENT-stage rules carry a predicate");
    }
  }

  public boolean appliesTo(DeviceKind kind) {
    return kinds.contains(kind);
  }
}
