package io.iotlakehouse.registry.server.store;

import io.iotlakehouse.registry.server.http.ApiException;
import io.iotlakehouse.registry.server.search.PageToken;
import io.iotlakehouse.registry.server.search.RunSearch;
import io.iotlakehouse.registry.server.store.Entities.Experiment;
import io.iotlakehouse.registry.server.store.Entities.Metric;
import io.iotlakehouse.registry.server.store.Entities.Run;
import io.iotlakehouse.registry.server.store.Entities.RunInfo;
import io.iotlakehouse.registry.server.store.Entities.Tag;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/** Runs with their params, metrics and tags, with MLflow 2.7.1's rules and error messages. */
public final class RunStore {
  public static final String RUN_NAME_TAG = "mlflow.runName";
  private static final Set<String> RUN_STATUSES = Set.of("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED");

  private final Database db;
  private final LongSupplier clock;

  public RunStore(Database db, LongSupplier clock) {
    this.db = db;
    this.clock = clock;
  }

  public Run createRun(String experimentId, String userId, long startTime, String runName, List<Tag> tags) {
    return db.inTransaction(sql -> {
      Experiment experiment = ExperimentStore.requireExperiment(sql, experimentId);
      ExperimentStore.requireActive(experiment);
      String tagName = null;
      for (Tag tag : tags) {
        if (RUN_NAME_TAG.equals(tag.key())) {
          tagName = tag.value();
        }
      }
      if (runName != null && !runName.isEmpty() && tagName != null && !tagName.equals(runName)) {
        throw ApiException.invalidParameter("Both 'run_name' argument and 'mlflow.runName' tag are specified, but "
            + "with different values (run_name='" + runName + "', mlflow.runName='" + tagName + "').");
      }
      String name = runName != null && !runName.isEmpty() ? runName : tagName != null ? tagName : RunNames.random();
      String runId = UUID.randomUUID().toString().replace("-", "");
      String artifactUri = experiment.artifactLocation() + "/" + runId + "/artifacts";
      sql.update("INSERT INTO runs (run_uuid, experiment_id, name, user_id, status, start_time, lifecycle_stage, "
          + "artifact_uri) VALUES (?, ?, ?, ?, 'RUNNING', ?, 'active', ?)", runId,
          Long.parseLong(experiment.experimentId()), name, userId == null ? "" : userId, startTime, artifactUri);
      for (Tag tag : tags) {
        Tags.upsert(sql, "run_tags", "run_uuid", runId, tag);
      }
      if (tagName == null) {
        Tags.upsert(sql, "run_tags", "run_uuid", runId, new Tag(RUN_NAME_TAG, name));
      }
      return requireRun(sql, runId);
    });
  }

  public Run run(String runId) {
    return db.inTransaction(sql -> requireRun(sql, runId));
  }

  public void logParam(String runId, Tag param) {
    db.inTransaction(sql -> {
      requireActiveRun(sql, runId);
      Optional<String> existing = sql.first("SELECT tag_value FROM run_params WHERE run_uuid = ? AND tag_key = ?",
          rs -> rs.getString(1), runId, param.key());
      if (existing.isPresent() && !existing.get().equals(param.value())) {
        throw ApiException.invalidParameter("Changing param values is not allowed. Param with key='" + param.key()
            + "' was already logged with value='" + existing.get() + "' for run ID='" + runId
            + "'. Attempted logging new value '" + param.value() + "'.");
      }
      if (existing.isEmpty()) {
        sql.update("INSERT INTO run_params (run_uuid, tag_key, tag_value) VALUES (?, ?, ?)", runId, param.key(),
            param.value());
      }
      return null;
    });
  }

  public void logMetric(String runId, Metric metric) {
    logBatch(runId, List.of(metric), List.of(), List.of());
  }

  public void logBatch(String runId, List<Metric> metrics, List<Tag> params, List<Tag> tags) {
    db.inTransaction(sql -> {
      requireActiveRun(sql, runId);
      List<String> conflicts = new ArrayList<>();
      Map<String, String> newParams = new LinkedHashMap<>();
      for (Tag param : params) {
        Optional<String> existing = sql.first("SELECT tag_value FROM run_params WHERE run_uuid = ? AND tag_key = ?",
            rs -> rs.getString(1), runId, param.key());
        if (existing.isPresent() && !existing.get().equals(param.value())) {
          conflicts.add("{'key': '" + param.key() + "', 'old_value': '" + existing.get() + "', 'new_value': '"
              + param.value() + "'}");
        } else if (existing.isEmpty()) {
          String earlier = newParams.putIfAbsent(param.key(), param.value());
          if (earlier != null && !earlier.equals(param.value())) {
            throw ApiException.invalidParameter("Duplicate parameter keys have been submitted: ['" + param.key()
                + "']. Please ensure the request contains only one param value per param key.");
          }
        }
      }
      if (!conflicts.isEmpty()) {
        throw ApiException.invalidParameter("Changing param values is not allowed. Params were already logged='"
            + conflicts + "' for run ID='" + runId + "'.");
      }
      for (Map.Entry<String, String> p : newParams.entrySet()) {
        sql.update("INSERT INTO run_params (run_uuid, tag_key, tag_value) VALUES (?, ?, ?)", runId, p.getKey(),
            p.getValue());
      }
      for (Metric m : metrics) {
        insertMetric(sql, runId, m);
      }
      for (Tag tag : tags) {
        setTag(sql, runId, tag);
      }
      return null;
    });
  }

  private static void insertMetric(Sql sql, String runId, Metric m) throws SQLException {
    boolean duplicate = sql.first("SELECT 1 FROM metrics WHERE run_uuid = ? AND metric_key = ? AND ts = ? AND step = ? "
        + "AND metric_value = ?", rs -> 1, runId, m.key(), m.timestamp(), m.step(), m.value()).isPresent();
    if (!duplicate) {
      sql.update("INSERT INTO metrics (run_uuid, metric_key, metric_value, ts, step) VALUES (?, ?, ?, ?, ?)", runId,
          m.key(), m.value(), m.timestamp(), m.step());
    }
    Optional<Metric> latest = sql.first("SELECT metric_key, metric_value, ts, step FROM latest_metrics WHERE "
        + "run_uuid = ? AND metric_key = ?", RunStore::metric, runId, m.key());
    if (latest.isEmpty()) {
      sql.update("INSERT INTO latest_metrics (run_uuid, metric_key, metric_value, ts, step) VALUES (?, ?, ?, ?, ?)",
          runId, m.key(), m.value(), m.timestamp(), m.step());
    } else if (isNewer(m, latest.get())) {
      sql.update("UPDATE latest_metrics SET metric_value = ?, ts = ?, step = ? WHERE run_uuid = ? AND metric_key = ?",
          m.value(), m.timestamp(), m.step(), runId, m.key());
    }
  }

  /** MLflow keeps as "latest" the value with the highest (step, timestamp, value), NaN counting as lowest. */
  private static boolean isNewer(Metric candidate, Metric latest) {
    if (candidate.step() != latest.step()) {
      return candidate.step() > latest.step();
    }
    if (candidate.timestamp() != latest.timestamp()) {
      return candidate.timestamp() > latest.timestamp();
    }
    if (Double.isNaN(latest.value())) {
      return !Double.isNaN(candidate.value());
    }
    return !Double.isNaN(candidate.value()) && candidate.value() > latest.value();
  }

  public void setTag(String runId, Tag tag) {
    db.inTransaction(sql -> {
      requireActiveRun(sql, runId);
      setTag(sql, runId, tag);
      return null;
    });
  }

  private static void setTag(Sql sql, String runId, Tag tag) throws SQLException {
    Tags.upsert(sql, "run_tags", "run_uuid", runId, tag);
    if (RUN_NAME_TAG.equals(tag.key())) {
      sql.update("UPDATE runs SET name = ? WHERE run_uuid = ?", tag.value(), runId);
    }
  }

  public void deleteTag(String runId, String key) {
    db.inTransaction(sql -> {
      requireActiveRun(sql, runId);
      if (sql.update("DELETE FROM run_tags WHERE run_uuid = ? AND tag_key = ?", runId, key) == 0) {
        throw ApiException.notFound("No tag with name: " + key + " in run with id " + runId);
      }
      return null;
    });
  }

  public RunInfo updateRun(String runId, String status, Long endTime, String runName) {
    if (status != null && !RUN_STATUSES.contains(status)) {
      throw ApiException.invalidParameter("Invalid value " + status + " for parameter 'status' supplied. Valid "
          + "values are RUNNING, SCHEDULED, FINISHED, FAILED, KILLED.");
    }
    return db.inTransaction(sql -> {
      requireActiveRun(sql, runId);
      if (status != null) {
        sql.update("UPDATE runs SET status = ? WHERE run_uuid = ?", status, runId);
      }
      if (endTime != null) {
        sql.update("UPDATE runs SET end_time = ? WHERE run_uuid = ?", endTime, runId);
      }
      if (runName != null && !runName.isEmpty()) {
        setTag(sql, runId, new Tag(RUN_NAME_TAG, runName));
      }
      return requireRun(sql, runId).info();
    });
  }

  public void deleteRun(String runId) {
    db.inTransaction(sql -> {
      requireRun(sql, runId);
      sql.update("UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = ? WHERE run_uuid = ?", clock.getAsLong(),
          runId);
      return null;
    });
  }

  public void restoreRun(String runId) {
    db.inTransaction(sql -> {
      requireRun(sql, runId);
      sql.update("UPDATE runs SET lifecycle_stage = 'active', deleted_time = NULL WHERE run_uuid = ?", runId);
      return null;
    });
  }

  public List<Metric> metricHistory(String runId, String key) {
    return db.inTransaction(sql -> {
      requireRun(sql, runId);
      return sql.list("SELECT metric_key, metric_value, ts, step FROM metrics WHERE run_uuid = ? AND metric_key = ? "
          + "ORDER BY ts, step, seq", RunStore::metric, runId, key);
    });
  }

  public PageToken.Paged<Run> searchRuns(List<String> experimentIds, String filter, ViewType viewType,
      int maxResults, List<String> orderBy, String pageToken) {
    if (maxResults < 1) {
      throw ApiException.invalidParameter("Invalid value for request parameter max_results. It must be a positive "
          + "integer, but got " + maxResults);
    }
    if (maxResults > 50000) {
      throw ApiException.invalidParameter("Invalid value for request parameter max_results. It must be at most "
          + "50000, but got value " + maxResults);
    }
    var predicate = RunSearch.filter(filter);
    var order = RunSearch.order(orderBy);
    List<Run> runs = db.inTransaction(sql -> {
      List<Run> found = new ArrayList<>();
      for (String experimentId : experimentIds) {
        long id;
        try {
          id = Long.parseLong(experimentId);
        } catch (NumberFormatException e) {
          continue;
        }
        for (String runId : sql.list("SELECT run_uuid FROM runs WHERE experiment_id = ?", rs -> rs.getString(1), id)) {
          found.add(requireRun(sql, runId));
        }
      }
      return found;
    });
    List<Run> matching = runs.stream().filter(r -> viewType.includes(r.info().lifecycleStage())).filter(predicate)
        .sorted(order).collect(Collectors.toList());
    return PageToken.page(matching, maxResults, pageToken, true);
  }

  private Run requireActiveRun(Sql sql, String runId) throws SQLException {
    Run run = requireRun(sql, runId);
    if (!Lifecycle.ACTIVE.equals(run.info().lifecycleStage())) {
      throw ApiException.invalidParameter("The run " + runId + " must be in the 'active' state. Current state is "
          + run.info().lifecycleStage() + ".");
    }
    return run;
  }

  private static Run requireRun(Sql sql, String runId) throws SQLException {
    Optional<RunInfo> info = sql.first("SELECT run_uuid, experiment_id, name, user_id, status, start_time, end_time, "
        + "artifact_uri, lifecycle_stage FROM runs WHERE run_uuid = ?", rs -> new RunInfo(rs.getString(1),
        String.valueOf(rs.getLong(2)), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6),
        (Long) rs.getObject(7, Long.class), rs.getString(8), rs.getString(9)), runId);
    if (info.isEmpty()) {
      throw ApiException.notFound("Run with id=" + runId + " not found");
    }
    List<Metric> metrics = sql.list("SELECT metric_key, metric_value, ts, step FROM latest_metrics WHERE run_uuid = ? "
        + "ORDER BY seq", RunStore::metric, runId);
    return new Run(info.get(), metrics, Tags.list(sql, "run_params", "run_uuid", runId),
        Tags.list(sql, "run_tags", "run_uuid", runId));
  }

  private static Metric metric(ResultSet rs) throws SQLException {
    return new Metric(rs.getString(1), rs.getDouble(2), rs.getLong(3), rs.getLong(4));
  }

}
