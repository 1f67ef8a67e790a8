package io.iotlakehouse.common.lineage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One lineage event: a run of a job read {@code inputs} and wrote {@code outputs} (an OpenLineage RunEvent; see
 * {@link LineageJson} for the wire format). Events are cumulative and idempotent: a job emits START when it starts
 * and RUNNING when something it writes advances (a new table version, a new device seen), each naming what it knows
 * at that moment; the recorder merges them, so sending one twice changes nothing.
 */
public record LineageEvent(Type type, Instant time, String jobNamespace, String jobName, JobKind jobKind,
    String runId, Map<String, String> jobAttributes, List<LineageDataset> inputs, List<LineageDataset> outputs) {

  /** The OpenLineage event types the platform uses. */
  public enum Type { START, RUNNING, COMPLETE, FAIL, ABORT }

  /** What a job is; the recorder maps each kind to an Atlas Process type. */
  public enum JobKind {
    STREAMING_JOB("streaming_job"),
    BATCH_JOB("batch_job"),
    GATEWAY_INGEST("gateway_ingest"),
    TRAINING("training"),
    EDGE_DEPLOYMENT("edge_deployment");

    private final String wire;

    JobKind(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    public static JobKind fromWire(String s) {
      for (JobKind k : values()) if (k.wire.equals(s)) return k;
      throw new IllegalArgumentException("unknown job kind '" + s + "'");
    }
  }

  /** Job namespace of everything the platform runs (OpenLineage job namespace). */
  public static final String NAMESPACE = "lakehouse";

  public LineageEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(jobNamespace, "jobNamespace");
    Objects.requireNonNull(jobName, "jobName");
    Objects.requireNonNull(jobKind, "jobKind");
    Objects.requireNonNull(runId, "runId");
    jobAttributes = Map.copyOf(jobAttributes);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /** An event of a platform job (namespace {@value #NAMESPACE}). */
  public static LineageEvent of(Type type, String jobName, JobKind kind, String runId, Map<String, String> jobAttributes,
      List<LineageDataset> inputs, List<LineageDataset> outputs) {
    return new LineageEvent(type, Instant.now(), NAMESPACE, jobName, kind, runId, jobAttributes, inputs, outputs);
  }

  /** The job's unique name: {@code <namespace>://<name>}. */
  public String jobQualifiedName() {
    return qualify(jobNamespace, jobName);
  }

  static String qualify(String namespace, String name) {
    if (!namespace.contains("://")) return namespace + "://" + name;
    return namespace + (name.startsWith("/") ? "" : "/") + name;
  }
}
