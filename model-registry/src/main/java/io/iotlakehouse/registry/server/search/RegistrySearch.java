package io.iotlakehouse.registry.server.search;

import io.iotlakehouse.registry.server.http.ApiException;
import io.iotlakehouse.registry.server.store.Entities.ModelVersion;
import io.iotlakehouse.registry.server.store.Entities.RegisteredModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** Filter and order_by semantics of registered-models/search and model-versions/search. */
public final class RegistrySearch {
  private static final Set<String> STRING = Set.of("=", "!=", "LIKE", "ILIKE");
  private static final Set<String> VERSION_STRING = Set.of("=", "!=", "LIKE", "ILIKE", "IN");
  private static final Set<String> NUMERIC = Set.of("=", "!=", "<", "<=", ">", ">=");

  private RegistrySearch() {
  }

  public static Predicate<RegisteredModel> modelFilter(String filter) {
    Predicate<RegisteredModel> all = m -> true;
    for (Comparison c : FilterParser.parse(filter)) {
      String comparator = c.comparator();
      if (c.isTag()) {
        checkTagComparator(comparator);
        all = all.and(m -> Matching.strings(comparator, RunSearch.lookup(m.tags(), c.key()), c.value()));
      } else if (c.key().equals("name")) {
        if (!STRING.contains(comparator)) {
          throw ApiException.invalidParameter("Invalid comparator for attribute: " + comparator);
        }
        all = all.and(m -> Matching.strings(comparator, m.name(), c.value()));
      } else {
        throw ApiException.invalidParameter("Invalid attribute key '" + c.key()
            + "' specified. Valid keys are '{'name'}'");
      }
    }
    return all;
  }

  public static Comparator<RegisteredModel> modelOrder(List<String> orderBy) {
    List<Comparator<RegisteredModel>> parts = new ArrayList<>();
    boolean nameSeen = false;
    for (String clause : orderBy) {
      OrderBy o = OrderBy.parse(clause);
      checkAttributeEntity(o, clause);
      switch (o.key()) {
        case "name" -> {
          nameSeen = true;
          parts.add(Sorting.by(RegisteredModel::name, o.ascending()));
        }
        case "timestamp", "last_updated_timestamp" ->
            parts.add(Sorting.by(RegisteredModel::lastUpdatedTimestamp, o.ascending()));
        case "creation_timestamp" -> parts.add(Sorting.by(RegisteredModel::creationTimestamp, o.ascending()));
        default -> throw ApiException.invalidParameter("Invalid order by key '" + o.key()
            + "' specified. Valid keys are '{'name', 'timestamp', 'last_updated_timestamp', 'creation_timestamp'}'");
      }
    }
    if (!nameSeen) {
      parts.add(Sorting.by(RegisteredModel::name, true));
    }
    return parts.stream().reduce(Comparator::thenComparing).orElseThrow();
  }

  public static Predicate<ModelVersion> versionFilter(String filter) {
    Predicate<ModelVersion> all = v -> true;
    for (Comparison c : FilterParser.parse(filter)) {
      String comparator = c.comparator();
      if (c.isTag()) {
        checkTagComparator(comparator);
        all = all.and(v -> Matching.strings(comparator, RunSearch.lookup(v.tags(), c.key()), c.value()));
        continue;
      }
      switch (c.key()) {
        case "name", "source_path", "run_id" -> {
          Set<String> allowed = c.key().equals("run_id") ? Set.of("=", "!=", "IN") : VERSION_STRING;
          if (!allowed.contains(comparator)) {
            throw ApiException.invalidParameter("Invalid comparator for attribute: " + comparator);
          }
          all = all.and(v -> Matching.strings(comparator,
              switch (c.key()) {
                case "name" -> v.name();
                case "run_id" -> v.runId();
                default -> v.source();
              }, c.value()));
        }
        case "version_number" -> {
          if (!NUMERIC.contains(comparator)) {
            throw ApiException.invalidParameter("Invalid comparator for attribute: " + comparator);
          }
          if (!c.value().isNumber()) {
            throw ApiException.invalidParameter("Expected numeric value type for numeric attribute: version_number. "
                + "Found " + c.value().shown());
          }
          double expected = c.value().number();
          all = all.and(v -> Matching.numbers(comparator, Double.parseDouble(v.version()), expected));
        }
        default -> throw ApiException.invalidParameter("Invalid attribute key '" + c.key()
            + "' specified. Valid keys are '{'run_id', 'version_number', 'name', 'source_path'}'");
      }
    }
    return all;
  }

  public static Comparator<ModelVersion> versionOrder(List<String> orderBy) {
    List<String> clauses = orderBy.isEmpty()
        ? List.of("last_updated_timestamp DESC", "name ASC", "version_number DESC") : orderBy;
    List<Comparator<ModelVersion>> parts = new ArrayList<>();
    for (String clause : clauses) {
      OrderBy o = OrderBy.parse(clause);
      checkAttributeEntity(o, clause);
      switch (o.key()) {
        case "name" -> parts.add(Sorting.by(ModelVersion::name, o.ascending()));
        case "version_number" -> parts.add(Sorting.by(v -> Integer.parseInt(v.version()), o.ascending()));
        case "creation_timestamp" -> parts.add(Sorting.by(ModelVersion::creationTimestamp, o.ascending()));
        case "timestamp", "last_updated_timestamp" ->
            parts.add(Sorting.by(ModelVersion::lastUpdatedTimestamp, o.ascending()));
        case "run_id" -> parts.add(Sorting.by(ModelVersion::runId, o.ascending()));
        case "source_path" -> parts.add(Sorting.by(ModelVersion::source, o.ascending()));
        default -> throw ApiException.invalidParameter("Invalid order by key '" + o.key()
            + "' specified. Valid keys are '{'name', 'version_number', 'creation_timestamp', "
            + "'last_updated_timestamp', 'run_id', 'source_path'}'");
      }
    }
    parts.add(Sorting.by(ModelVersion::name, true));
    parts.add(Sorting.by(v -> Integer.parseInt(v.version()), false));
    return parts.stream().reduce(Comparator::thenComparing).orElseThrow();
  }

  private static void checkAttributeEntity(OrderBy o, String clause) {
    if (o.entity() != null && !Set.of("attribute", "attributes", "attr").contains(o.entity().toLowerCase())) {
      throw OrderBy.invalid(clause);
    }
  }

  private static void checkTagComparator(String comparator) {
    if (!STRING.contains(comparator)) {
      throw ApiException.invalidParameter("Invalid comparator for tag: " + comparator);
    }
  }
}
