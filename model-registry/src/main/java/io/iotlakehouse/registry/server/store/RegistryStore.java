package io.iotlakehouse.registry.server.store;

import io.iotlakehouse.registry.server.http.ApiException;
import io.iotlakehouse.registry.server.search.PageToken;
import io.iotlakehouse.registry.server.search.RegistrySearch;
import io.iotlakehouse.registry.server.store.Entities.Alias;
import io.iotlakehouse.registry.server.store.Entities.ModelVersion;
import io.iotlakehouse.registry.server.store.Entities.RegisteredModel;
import io.iotlakehouse.registry.server.store.Entities.Tag;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Registered models, model versions, their tags and aliases, with MLflow 2.7.1's rules and error messages. */
public final class RegistryStore {
  public static final List<String> STAGES = List.of("None", "Staging", "Production", "Archived");
  private static final String DELETED_INTERNAL = "Deleted_Internal";
  private static final Pattern RESERVED_VERSION_ALIAS = Pattern.compile("v\\d+", Pattern.CASE_INSENSITIVE);

  private record ModelRow(long id, String name, long creationTime, long lastUpdatedTime, String description) {
  }

  private final Database db;
  private final LongSupplier clock;

  public RegistryStore(Database db, LongSupplier clock) {
    this.db = db;
    this.clock = clock;
  }

  // ---------------------------------------------------------------- registered models

  public RegisteredModel createRegisteredModel(String name, List<Tag> tags, String description) {
    return db.inTransaction(sql -> {
      if (findModel(sql, name).isPresent()) {
        throw ApiException.alreadyExists("Registered Model (name=" + name + ") already exists. Error: UNIQUE "
            + "constraint failed: registered_models.name");
      }
      long now = clock.getAsLong();
      long id = sql.insertReturningKey("INSERT INTO registered_models (name, creation_time, last_updated_time, "
          + "description) VALUES (?, ?, ?, ?)", name, now, now, description);
      for (Tag tag : tags) {
        Tags.upsert(sql, "registered_model_tags", "model_id", id, tag);
      }
      return model(sql, requireModel(sql, name));
    });
  }

  public RegisteredModel registeredModel(String name) {
    return db.inTransaction(sql -> model(sql, requireModel(sql, name)));
  }

  public RegisteredModel renameRegisteredModel(String name, String newName) {
    return db.inTransaction(sql -> {
      ModelRow row = requireModel(sql, name);
      if (!newName.equals(name) && findModel(sql, newName).isPresent()) {
        throw ApiException.alreadyExists("Registered Model (name=" + newName + ") already exists.");
      }
      sql.update("UPDATE registered_models SET name = ?, last_updated_time = ? WHERE model_id = ?", newName,
          clock.getAsLong(), row.id());
      return model(sql, requireModel(sql, newName));
    });
  }

  public RegisteredModel updateRegisteredModel(String name, String description) {
    return db.inTransaction(sql -> {
      ModelRow row = requireModel(sql, name);
      sql.update("UPDATE registered_models SET description = ?, last_updated_time = ? WHERE model_id = ?",
          description, clock.getAsLong(), row.id());
      return model(sql, requireModel(sql, name));
    });
  }

  public void deleteRegisteredModel(String name) {
    db.inTransaction(sql -> {
      long id = requireModel(sql, name).id();
      for (String table : List.of("registered_model_aliases", "model_version_tags", "model_versions",
          "registered_model_tags", "registered_models")) {
        sql.update("DELETE FROM " + table + " WHERE model_id = ?", id);
      }
      return null;
    });
  }

  public void setRegisteredModelTag(String name, Tag tag) {
    db.inTransaction(sql -> {
      Tags.upsert(sql, "registered_model_tags", "model_id", requireModel(sql, name).id(), tag);
      return null;
    });
  }

  public void deleteRegisteredModelTag(String name, String key) {
    db.inTransaction(sql -> {
      sql.update("DELETE FROM registered_model_tags WHERE model_id = ? AND tag_key = ?", requireModel(sql, name).id(),
          key);
      return null;
    });
  }

  public PageToken.Paged<RegisteredModel> searchRegisteredModels(String filter, int maxResults, List<String> orderBy,
      String pageToken) {
    if (maxResults < 1) {
      throw ApiException.invalidParameter("Invalid value for max_results. It must be a positive integer, but got "
          + maxResults);
    }
    if (maxResults > 1000) {
      throw ApiException.invalidParameter("Invalid value for request parameter max_results. It must be at most 1000, "
          + "but got value " + maxResults);
    }
    var predicate = RegistrySearch.modelFilter(filter);
    var order = RegistrySearch.modelOrder(orderBy);
    List<RegisteredModel> all = db.inTransaction(sql -> {
      List<RegisteredModel> models = new ArrayList<>();
      for (ModelRow row : sql.list("SELECT model_id, name, creation_time, last_updated_time, description FROM "
          + "registered_models", RegistryStore::modelRow)) {
        models.add(model(sql, row));
      }
      return models;
    });
    return PageToken.page(all.stream().filter(predicate).sorted(order).collect(Collectors.toList()), maxResults,
        pageToken, false);
  }

  /** The newest version per stage (or only the given stages), as MLflow's get-latest-versions returns them. */
  public List<ModelVersion> latestVersions(String name, List<String> stages) {
    Set<String> wanted = new LinkedHashSet<>();
    for (String stage : stages.isEmpty() ? STAGES : stages) {
      wanted.add(canonicalStage(stage));
    }
    return db.inTransaction(sql -> latest(sql, requireModel(sql, name)).stream()
        .filter(v -> wanted.contains(v.currentStage())).collect(Collectors.toList()));
  }

  // ---------------------------------------------------------------- model versions

  public ModelVersion createModelVersion(String name, String source, String runId, List<Tag> tags, String runLink,
      String description) {
    return db.inTransaction(sql -> {
      ModelRow model = requireModel(sql, name);
      int version = sql.first("SELECT COALESCE(MAX(version), 0) FROM model_versions WHERE model_id = ?",
          rs -> rs.getInt(1), model.id()).orElse(0) + 1;
      long now = clock.getAsLong();
      sql.update("INSERT INTO model_versions (model_id, version, creation_time, last_updated_time, description, "
          + "user_id, current_stage, source, run_id, run_link, status) VALUES (?, ?, ?, ?, ?, NULL, 'None', ?, ?, ?, "
          + "'READY')", model.id(), version, now, now, description, source, runId, runLink);
      for (Tag tag : tags) {
        upsertVersionTag(sql, model.id(), version, tag);
      }
      sql.update("UPDATE registered_models SET last_updated_time = ? WHERE model_id = ?", now, model.id());
      return requireVersion(sql, model, String.valueOf(version));
    });
  }

  /** A version with its aliases, as model-versions/get returns it. */
  public ModelVersion modelVersion(String name, String version) {
    return db.inTransaction(sql -> {
      ModelRow model = requireModel(sql, name);
      return withAliases(sql, model, requireVersion(sql, model, version));
    });
  }

  public ModelVersion updateModelVersion(String name, String version, String description) {
    return db.inTransaction(sql -> {
      ModelRow model = requireModel(sql, name);
      ModelVersion existing = requireVersion(sql, model, version);
      sql.update("UPDATE model_versions SET description = ?, last_updated_time = ? WHERE model_id = ? AND version = ?",
          description, clock.getAsLong(), model.id(), Integer.parseInt(existing.version()));
      return requireVersion(sql, model, version);
    });
  }

  public void deleteModelVersion(String name, String version) {
    db.inTransaction(sql -> {
      ModelRow model = requireModel(sql, name);
      int number = Integer.parseInt(requireVersion(sql, model, version).version());
      long now = clock.getAsLong();
      sql.update("UPDATE model_versions SET current_stage = ?, description = NULL, user_id = NULL, "
          + "source = 'REDACTED-SOURCE-PATH', run_id = 'REDACTED-RUN-ID', run_link = 'REDACTED-RUN-LINK', "
          + "status_message = NULL, last_updated_time = ? WHERE model_id = ? AND version = ?", DELETED_INTERNAL, now,
          model.id(), number);
      sql.update("DELETE FROM model_version_tags WHERE model_id = ? AND version = ?", model.id(), number);
      sql.update("DELETE FROM registered_model_aliases WHERE model_id = ? AND version = ?", model.id(), number);
      sql.update("UPDATE registered_models SET last_updated_time = ? WHERE model_id = ?", now, model.id());
      return null;
    });
  }

  public ModelVersion transitionStage(String name, String version, String stage, boolean archiveExisting) {
    String target = canonicalStage(stage);
    if (archiveExisting && !target.equals("Staging") && !target.equals("Production")) {
      throw ApiException.invalidParameter("Model version transition cannot archive existing model versions because '"
          + target + "' is not an Active stage. Valid stages are Staging, Production");
    }
    return db.inTransaction(sql -> {
      ModelRow model = requireModel(sql, name);
      int number = Integer.parseInt(requireVersion(sql, model, version).version());
      long now = clock.getAsLong();
      if (archiveExisting) {
        sql.update("UPDATE model_versions SET current_stage = 'Archived', last_updated_time = ? WHERE model_id = ? "
            + "AND version <> ? AND current_stage = ?", now, model.id(), number, target);
      }
      sql.update("UPDATE model_versions SET current_stage = ?, last_updated_time = ? WHERE model_id = ? AND version = ?",
          target, now, model.id(), number);
      sql.update("UPDATE registered_models SET last_updated_time = ? WHERE model_id = ?", now, model.id());
      return requireVersion(sql, model, version);
    });
  }

  public String downloadUri(String name, String version) {
    return db.inTransaction(sql -> {
      ModelRow model = requireModel(sql, name);
      return requireVersion(sql, model, version).source();
    });
  }

  public void setModelVersionTag(String name, String version, Tag tag) {
    db.inTransaction(sql -> {
      ModelRow model = requireModel(sql, name);
      int number = Integer.parseInt(requireVersion(sql, model, version).version());
      upsertVersionTag(sql, model.id(), number, tag);
      return null;
    });
  }

  public void deleteModelVersionTag(String name, String version, String key) {
    db.inTransaction(sql -> {
      ModelRow model = requireModel(sql, name);
      int number = Integer.parseInt(requireVersion(sql, model, version).version());
      sql.update("DELETE FROM model_version_tags WHERE model_id = ? AND version = ? AND tag_key = ?", model.id(),
          number, key);
      return null;
    });
  }

  public PageToken.Paged<ModelVersion> searchModelVersions(String filter, int maxResults, List<String> orderBy,
      String pageToken) {
    if (maxResults < 1) {
      throw ApiException.invalidParameter("Invalid value for max_results. It must be a positive integer, but got "
          + maxResults);
    }
    if (maxResults > 200_000) {
      throw ApiException.invalidParameter("Invalid value for request parameter max_results. It must be at most "
          + "200000, but got value " + maxResults);
    }
    var predicate = RegistrySearch.versionFilter(filter);
    var order = RegistrySearch.versionOrder(orderBy);
    List<ModelVersion> all = db.inTransaction(sql -> {
      List<ModelVersion> versions = new ArrayList<>();
      for (ModelRow row : sql.list("SELECT model_id, name, creation_time, last_updated_time, description FROM "
          + "registered_models", RegistryStore::modelRow)) {
        versions.addAll(versions(sql, row));
      }
      return versions;
    });
    return PageToken.page(all.stream().filter(predicate).sorted(order).collect(Collectors.toList()), maxResults,
        pageToken, false);
  }

  // ---------------------------------------------------------------- aliases

  public void setAlias(String name, String alias, String version) {
    validateAlias(alias);
    db.inTransaction(sql -> {
      ModelRow model = requireModel(sql, name);
      int number = Integer.parseInt(requireVersion(sql, model, version).version());
      if (sql.update("UPDATE registered_model_aliases SET version = ? WHERE model_id = ? AND alias = ?", number,
          model.id(), alias) == 0) {
        sql.update("INSERT INTO registered_model_aliases (model_id, alias, version) VALUES (?, ?, ?)", model.id(),
            alias, number);
      }
      return null;
    });
  }

  public void deleteAlias(String name, String alias) {
    validateAlias(alias);
    db.inTransaction(sql -> {
      sql.update("DELETE FROM registered_model_aliases WHERE model_id = ? AND alias = ?", requireModel(sql, name).id(),
          alias);
      return null;
    });
  }

  public ModelVersion versionByAlias(String name, String alias) {
    return db.inTransaction(sql -> {
      ModelRow model = requireModel(sql, name);
      Optional<Integer> version = sql.first("SELECT version FROM registered_model_aliases WHERE model_id = ? AND "
          + "alias = ?", rs -> rs.getInt(1), model.id(), alias);
      if (version.isEmpty()) {
        throw ApiException.invalidParameter("Registered model alias " + alias + " not found.");
      }
      return withAliases(sql, model, requireVersion(sql, model, String.valueOf(version.get())));
    });
  }

  private static void validateAlias(String alias) {
    if (RESERVED_VERSION_ALIAS.matcher(alias).matches()) {
      throw ApiException.invalidParameter("Version alias name '" + alias + "' is reserved.");
    }
    if (alias.equalsIgnoreCase("latest")) {
      throw ApiException.invalidParameter("'latest' alias name (case insensitive) is reserved.");
    }
    if (alias.length() > 255) {
      throw ApiException.invalidParameter("Registered model alias name '" + alias + "' exceeds the maximum length "
          + "of 255 characters.");
    }
  }

  // ---------------------------------------------------------------- helpers

  /** MLflow accepts stage names in any case and stores the canonical spelling. */
  public static String canonicalStage(String stage) {
    for (String s : STAGES) {
      if (s.equalsIgnoreCase(stage)) {
        return s;
      }
    }
    throw ApiException.invalidParameter("Invalid Model Version stage: " + stage + ". Value must be one of None, "
        + "Staging, Production, Archived.");
  }

  private static Optional<ModelRow> findModel(Sql sql, String name) throws SQLException {
    return sql.first("SELECT model_id, name, creation_time, last_updated_time, description FROM registered_models "
        + "WHERE name = ?", RegistryStore::modelRow, name);
  }

  private static ModelRow requireModel(Sql sql, String name) throws SQLException {
    return findModel(sql, name).orElseThrow(() -> ApiException.notFound("Registered Model with name=" + name
        + " not found"));
  }

  private static ModelRow modelRow(java.sql.ResultSet rs) throws SQLException {
    return new ModelRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5));
  }

  private static RegisteredModel model(Sql sql, ModelRow row) throws SQLException {
    List<Alias> aliases = sql.list("SELECT alias, version FROM registered_model_aliases WHERE model_id = ? ORDER BY "
        + "alias", rs -> new Alias(rs.getString(1), String.valueOf(rs.getInt(2))), row.id());
    return new RegisteredModel(row.name(), row.creationTime(), row.lastUpdatedTime(), row.description(),
        latest(sql, row), Tags.list(sql, "registered_model_tags", "model_id", row.id()), aliases);
  }

  /** Newest version per stage, stages in the order they first appear when walking versions upwards. */
  private static List<ModelVersion> latest(Sql sql, ModelRow row) throws SQLException {
    Map<String, ModelVersion> byStage = new LinkedHashMap<>();
    for (ModelVersion v : versions(sql, row)) {
      ModelVersion current = byStage.get(v.currentStage());
      if (current == null || Integer.parseInt(current.version()) < Integer.parseInt(v.version())) {
        byStage.put(v.currentStage(), v);
      }
    }
    return new ArrayList<>(byStage.values());
  }

  private static List<ModelVersion> versions(Sql sql, ModelRow model) throws SQLException {
    List<ModelVersion> versions = new ArrayList<>();
    for (int number : sql.list("SELECT version FROM model_versions WHERE model_id = ? AND current_stage <> ? ORDER BY "
        + "version", rs -> rs.getInt(1), model.id(), DELETED_INTERNAL)) {
      versions.add(requireVersion(sql, model, String.valueOf(number)));
    }
    return versions;
  }

  private static ModelVersion requireVersion(Sql sql, ModelRow model, String version) throws SQLException {
    int number;
    try {
      number = Integer.parseInt(version.trim());
    } catch (NumberFormatException e) {
      throw ApiException.invalidParameter("Model version must be an integer, got '" + version + "'");
    }
    List<Tag> tags = sql.list("SELECT tag_key, tag_value FROM model_version_tags WHERE model_id = ? AND version = ? "
        + "ORDER BY seq", rs -> new Tag(rs.getString(1), rs.getString(2)), model.id(), number);
    return sql.first("SELECT version, creation_time, last_updated_time, user_id, current_stage, description, source, "
        + "run_id, status, status_message, run_link FROM model_versions WHERE model_id = ? AND version = ? AND "
        + "current_stage <> ?", rs -> new ModelVersion(model.name(), String.valueOf(rs.getInt(1)), rs.getLong(2),
        rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
        rs.getString(9), rs.getString(10), tags, rs.getString(11), List.of()), model.id(), number, DELETED_INTERNAL)
        .orElseThrow(() -> ApiException.notFound("Model Version (name=" + model.name() + ", version=" + version
            + ") not found"));
  }

  private static void upsertVersionTag(Sql sql, long modelId, int version, Tag tag) throws SQLException {
    if (sql.update("UPDATE model_version_tags SET tag_value = ? WHERE model_id = ? AND version = ? AND tag_key = ?",
        tag.value(), modelId, version, tag.key()) == 0) {
      sql.update("INSERT INTO model_version_tags (model_id, version, tag_key, tag_value) VALUES (?, ?, ?, ?)", modelId,
          version, tag.key(), tag.value());
    }
  }

  private static ModelVersion withAliases(Sql sql, ModelRow model, ModelVersion version) throws SQLException {
    return version.withAliases(sql.list("SELECT alias FROM registered_model_aliases WHERE model_id = ? AND version = ? "
        + "ORDER BY alias", rs -> rs.getString(1), model.id(), Integer.parseInt(version.version())));
  }
}
