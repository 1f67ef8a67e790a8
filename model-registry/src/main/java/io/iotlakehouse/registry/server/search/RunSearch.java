package io.iotlakehouse.registry.server.search;

import io.iotlakehouse.registry.server.http.ApiException;
import io.iotlakehouse.registry.server.store.Entities.Metric;
import io.iotlakehouse.registry.server.store.Entities.Run;
import io.iotlakehouse.registry.server.store.Entities.Tag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/** Filter and order_by semantics of runs/search. */
public final class RunSearch {
  static final String NUMERIC_COMPARATORS = "{'=', '<=', '!=', '>', '<', '>='}";
  static final String STRING_COMPARATORS = "{'!=', '=', 'LIKE', 'ILIKE'}";
  private static final Set<String> NUMERIC = Set.of("=", "!=", "<", "<=", ">", ">=");
  private static final Set<String> STRING = Set.of("=", "!=", "LIKE", "ILIKE");
  private static final Set<String> STRING_ATTRIBUTES = Set.of("run_id", "run_name", "status", "user_id",
      "artifact_uri", "lifecycle_stage");
  private static final Set<String> NUMERIC_ATTRIBUTES = Set.of("start_time", "end_time", "created", "Created");
  private static final String VALID_ATTRIBUTES = "{'run_id', 'run_name', 'status', 'user_id', 'artifact_uri', "
      + "'lifecycle_stage', 'start_time', 'end_time', 'created'}";

  private RunSearch() {
  }

  public static Predicate<Run> filter(String filter) {
    Predicate<Run> all = run -> true;
    for (Comparison c : FilterParser.parse(filter)) {
      all = all.and(clause(c));
    }
    return all;
  }

  private static Predicate<Run> clause(Comparison c) {
    String type = entityType(c.entity());
    String comparator = c.comparator().toUpperCase().equals("NOT IN") ? "NOT IN" : c.comparator();
    switch (type) {
      case "metric" -> {
        checkComparator(comparator, NUMERIC, NUMERIC_COMPARATORS);
        if (!c.value().isNumber()) {
          throw ApiException.invalidParameter("Expected numeric value type for metric. Found " + c.value().shown());
        }
        double expected = c.value().number();
        return run -> Matching.numbers(comparator, metric(run, c.key()), expected);
      }
      case "parameter", "tag" -> {
        checkComparator(comparator, STRING, STRING_COMPARATORS);
        requireQuoted(type, c);
        return run -> Matching.strings(comparator, lookup(type.equals("tag") ? run.tags() : run.params(), c.key()),
            c.value());
      }
      default -> {
        String key = c.key();
        if (NUMERIC_ATTRIBUTES.contains(key)) {
          checkComparator(comparator, NUMERIC, NUMERIC_COMPARATORS);
          if (!c.value().isNumber()) {
            throw ApiException.invalidParameter("Expected numeric value type for numeric attribute: " + key
                + ". Found " + c.value().shown());
          }
          double expected = c.value().number();
          return run -> {
            Long value = numericAttribute(run, key);
            return Matching.numbers(comparator, value == null ? null : value.doubleValue(), expected);
          };
        }
        if (!STRING_ATTRIBUTES.contains(key)) {
          throw ApiException.invalidParameter("Invalid attribute key '" + key + "' specified. Valid keys are '"
              + VALID_ATTRIBUTES + "'");
        }
        Set<String> allowed = new HashSet<>(STRING);
        if (key.equals("run_id")) {
          allowed.add("IN");
          allowed.add("NOT IN");
        }
        checkComparator(comparator, allowed, STRING_COMPARATORS);
        if (!c.value().isList()) {
          requireQuoted("attribute", c);
        }
        return run -> Matching.strings(comparator, stringAttribute(run, key), c.value());
      }
    }
  }

  public static Comparator<Run> order(List<String> orderBy) {
    List<Comparator<Run>> parts = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    boolean startTimeSeen = false;
    for (String clause : orderBy) {
      OrderBy o = OrderBy.parse(clause);
      String type;
      try {
        type = entityType(o.entity());
      } catch (ApiException e) {
        throw OrderBy.invalid(clause);
      }
      if (!seen.add(type + ":" + o.key())) {
        throw ApiException.invalidParameter("`order_by` contains duplicate fields: " + orderBy);
      }
      switch (type) {
        case "metric" -> parts.add(Sorting.byMetric(run -> metric(run, o.key()), o.ascending()));
        case "parameter" -> parts.add(Sorting.by(run -> lookup(run.params(), o.key()), o.ascending()));
        case "tag" -> parts.add(Sorting.by(run -> lookup(run.tags(), o.key()), o.ascending()));
        default -> {
          if (NUMERIC_ATTRIBUTES.contains(o.key())) {
            startTimeSeen |= !o.key().equals("end_time");
            parts.add(Sorting.by(run -> numericAttribute(run, o.key()), o.ascending()));
          } else if (STRING_ATTRIBUTES.contains(o.key())) {
            parts.add(Sorting.by(run -> stringAttribute(run, o.key()), o.ascending()));
          } else {
            throw OrderBy.invalid(clause);
          }
        }
      }
    }
    if (!startTimeSeen) {
      parts.add(Sorting.by(run -> run.info().startTime(), false));
    }
    parts.add(Sorting.by(run -> run.info().runId(), true));
    return parts.stream().reduce(Comparator::thenComparing).orElseThrow();
  }

  private static String entityType(String entity) {
    if (entity == null) {
      return "attribute";
    }
    return switch (entity.toLowerCase()) {
      case "metric", "metrics" -> "metric";
      case "param", "params", "parameter", "parameters" -> "parameter";
      case "tag", "tags" -> "tag";
      case "attribute", "attributes", "attr", "run" -> "attribute";
      default -> throw ApiException.invalidParameter("Invalid entity type '" + entity
          + "'. Valid values are ['metric', 'parameter', 'tag', 'attribute']");
    };
  }

  static void checkComparator(String comparator, Set<String> allowed, String shownSet) {
    if (!allowed.contains(comparator.toUpperCase())) {
      // MLflow's message really has no closing quote after the set.
      throw ApiException.invalidParameter("Invalid comparator '" + comparator + "' not one of '" + shownSet);
    }
  }

  private static void requireQuoted(String type, Comparison c) {
    if (!c.value().quoted() || c.value().isList()) {
      throw ApiException.invalidParameter("Expected a quoted string value for " + type
          + " (e.g. 'my-value'). Got value " + c.value().shown());
    }
  }

  private static Double metric(Run run, String key) {
    for (Metric m : run.metrics()) {
      if (m.key().equals(key)) {
        return m.value();
      }
    }
    return null;
  }

  static String lookup(List<Tag> tags, String key) {
    for (Tag t : tags) {
      if (t.key().equals(key)) {
        return t.value();
      }
    }
    return null;
  }

  private static Long numericAttribute(Run run, String key) {
    return key.equals("end_time") ? run.info().endTime() : Long.valueOf(run.info().startTime());
  }

  private static String stringAttribute(Run run, String key) {
    Function<Run, String> getter = switch (key) {
      case "run_id" -> r -> r.info().runId();
      case "run_name" -> r -> r.info().runName();
      case "status" -> r -> r.info().status();
      case "user_id" -> r -> r.info().userId();
      case "artifact_uri" -> r -> r.info().artifactUri();
      default -> r -> r.info().lifecycleStage();
    };
    return getter.apply(run);
  }
}
