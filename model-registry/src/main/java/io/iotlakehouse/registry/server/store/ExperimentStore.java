package io.iotlakehouse.registry.server.store;

import io.iotlakehouse.registry.server.http.ApiException;
import io.iotlakehouse.registry.server.search.ExperimentSearch;
import io.iotlakehouse.registry.server.search.PageToken;
import io.iotlakehouse.registry.server.store.Entities.Experiment;
import io.iotlakehouse.registry.server.store.Entities.Tag;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Experiments and their tags, with MLflow 2.7.1's rules and error messages. The Default experiment (id 0) always
 * exists.
 */
public final class ExperimentStore {
  private final Database db;
  private final LongSupplier clock;

  public ExperimentStore(Database db, LongSupplier clock) {
    this.db = db;
    this.clock = clock;
    db.inTransaction(sql -> {
      if (sql.first("SELECT 1 FROM experiments WHERE experiment_id = 0", rs -> 1).isEmpty()) {
        long now = clock.getAsLong();
        sql.update("INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, "
            + "last_update_time) VALUES (0, 'Default', ?, 'active', ?, ?)", defaultArtifactLocation("0"), now, now);
      }
      return null;
    });
  }

  /** Like {@code mlflow server --serve-artifacts} without {@code --default-artifact-root}. */
  private static String defaultArtifactLocation(String experimentId) {
    return "mlflow-artifacts:/" + experimentId;
  }

  public String createExperiment(String name, String artifactLocation, List<Tag> tags) {
    return db.inTransaction(sql -> {
      if (sql.first("SELECT 1 FROM experiments WHERE name = ?", rs -> 1, name).isPresent()) {
        throw ApiException.alreadyExists("Experiment(name=" + name + ") already exists. Error: UNIQUE constraint "
            + "failed: experiments.name");
      }
      long now = clock.getAsLong();
      long id = sql.insertReturningKey("INSERT INTO experiments (name, artifact_location, lifecycle_stage, "
          + "creation_time, last_update_time) VALUES (?, '', 'active', ?, ?)", name, now, now);
      String location = artifactLocation == null || artifactLocation.isEmpty()
          ? defaultArtifactLocation(String.valueOf(id)) : artifactLocation;
      sql.update("UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?", location, id);
      for (Tag tag : tags) {
        Tags.upsert(sql, "experiment_tags", "experiment_id", id, tag);
      }
      return String.valueOf(id);
    });
  }

  public Experiment experiment(String experimentId) {
    return db.inTransaction(sql -> requireExperiment(sql, experimentId));
  }

  public Experiment experimentByName(String name) {
    return db.inTransaction(sql -> {
      Optional<Long> id = sql.first("SELECT experiment_id FROM experiments WHERE name = ?", rs -> rs.getLong(1), name);
      if (id.isEmpty()) {
        throw ApiException.notFound("Could not find experiment with name '" + name + "'");
      }
      return requireExperiment(sql, String.valueOf(id.get()));
    });
  }

  public void setExperimentTag(String experimentId, Tag tag) {
    db.inTransaction(sql -> {
      Experiment experiment = requireExperiment(sql, experimentId);
      requireActive(experiment);
      Tags.upsert(sql, "experiment_tags", "experiment_id", Long.parseLong(experiment.experimentId()), tag);
      return null;
    });
  }

  public void renameExperiment(String experimentId, String newName) {
    db.inTransaction(sql -> {
      Experiment experiment = requireExperiment(sql, experimentId);
      if (!Lifecycle.ACTIVE.equals(experiment.lifecycleStage())) {
        throw ApiException.invalidParameter("Cannot rename a non-active experiment.");
      }
      if (newName.equals(experiment.name())) {
        return null;
      }
      if (sql.first("SELECT 1 FROM experiments WHERE name = ?", rs -> 1, newName).isPresent()) {
        throw ApiException.badRequest("UNIQUE constraint failed: experiments.name (an experiment named '" + newName
            + "' already exists)");
      }
      sql.update("UPDATE experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?", newName,
          clock.getAsLong(), Long.parseLong(experiment.experimentId()));
      return null;
    });
  }

  public void deleteExperiment(String experimentId) {
    setExperimentLifecycle(experimentId, Lifecycle.DELETED);
  }

  public void restoreExperiment(String experimentId) {
    setExperimentLifecycle(experimentId, Lifecycle.ACTIVE);
  }

  private void setExperimentLifecycle(String experimentId, String stage) {
    db.inTransaction(sql -> {
      Experiment experiment = requireExperiment(sql, experimentId);
      long id = Long.parseLong(experiment.experimentId());
      if (Lifecycle.DELETED.equals(stage) && id == 0) {
        throw ApiException.invalidParameter("Cannot delete the default experiment '0'. This is an internally "
            + "reserved experiment.");
      }
      long now = clock.getAsLong();
      sql.update("UPDATE experiments SET lifecycle_stage = ?, last_update_time = ? WHERE experiment_id = ?", stage,
          now, id);
      String from = Lifecycle.DELETED.equals(stage) ? Lifecycle.ACTIVE : Lifecycle.DELETED;
      sql.update("UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE experiment_id = ? AND lifecycle_stage = ?",
          stage, Lifecycle.DELETED.equals(stage) ? now : null, id, from);
      return null;
    });
  }

  public PageToken.Paged<Experiment> searchExperiments(ViewType viewType, String filter, List<String> orderBy,
      int maxResults, String pageToken) {
    if (maxResults < 1) {
      throw ApiException.invalidParameter("Invalid value for max_results. It must be a positive integer, but got "
          + maxResults);
    }
    if (maxResults > 50000) {
      throw ApiException.invalidParameter("Invalid value for max_results. It must be at most 50000, but got "
          + maxResults);
    }
    var predicate = ExperimentSearch.filter(filter);
    var order = ExperimentSearch.order(orderBy);
    List<Experiment> all = db.inTransaction(sql -> {
      List<Long> ids = sql.list("SELECT experiment_id FROM experiments", rs -> rs.getLong(1));
      List<Experiment> experiments = new ArrayList<>();
      for (long id : ids) {
        experiments.add(requireExperiment(sql, String.valueOf(id)));
      }
      return experiments;
    });
    List<Experiment> matching = all.stream().filter(e -> viewType.includes(e.lifecycleStage())).filter(predicate)
        .sorted(order).collect(Collectors.toList());
    return PageToken.page(matching, maxResults, pageToken, false);
  }

  static Experiment requireExperiment(Sql sql, String experimentId) throws SQLException {
    long id;
    try {
      id = Long.parseLong(experimentId);
    } catch (NumberFormatException e) {
      throw experimentNotFound(experimentId);
    }
    Optional<Experiment> row = sql.first("SELECT experiment_id, name, artifact_location, lifecycle_stage, "
        + "creation_time, last_update_time FROM experiments WHERE experiment_id = ?", rs -> new Experiment(
        String.valueOf(rs.getLong(1)), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
        rs.getLong(6), List.of()), id);
    if (row.isEmpty()) {
      throw experimentNotFound(experimentId);
    }
    Experiment e = row.get();
    List<Tag> tags = Tags.list(sql, "experiment_tags", "experiment_id", id);
    return new Experiment(e.experimentId(), e.name(), e.artifactLocation(), e.lifecycleStage(), e.creationTime(),
        e.lastUpdateTime(), tags);
  }

  private static ApiException experimentNotFound(String experimentId) {
    return ApiException.notFound("No Experiment with id=" + experimentId + " exists");
  }

  static void requireActive(Experiment experiment) {
    if (!Lifecycle.ACTIVE.equals(experiment.lifecycleStage())) {
      throw ApiException.invalidParameter("The experiment " + experiment.experimentId() + " must be in the 'active' "
          + "state. Current state is " + experiment.lifecycleStage() + ".");
    }
  }

}
