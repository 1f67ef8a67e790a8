package io.iotlakehouse.registry.server.search;

import io.iotlakehouse.registry.server.http.ApiException;
import io.iotlakehouse.registry.server.store.Entities.Experiment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** Filter and order_by semantics of experiments/search. */
public final class ExperimentSearch {
  private static final Set<String> STRING = Set.of("=", "!=", "LIKE", "ILIKE");
  private static final Set<String> NUMERIC = Set.of("=", "!=", "<", "<=", ">", ">=");

  private ExperimentSearch() {
  }

  public static Predicate<Experiment> filter(String filter) {
    Predicate<Experiment> all = e -> true;
    for (Comparison c : FilterParser.parse(filter)) {
      all = all.and(clause(c));
    }
    return all;
  }

  private static Predicate<Experiment> clause(Comparison c) {
    String comparator = c.comparator();
    if (c.isTag()) {
      if (!STRING.contains(comparator)) {
        throw ApiException.invalidParameter("Invalid comparator for tag: " + comparator);
      }
      return e -> Matching.strings(comparator, RunSearch.lookup(e.tags(), c.key()), c.value());
    }
    switch (c.key()) {
      case "name" -> {
        if (!STRING.contains(comparator)) {
          throw ApiException.invalidParameter("Invalid comparator for string attribute: " + comparator);
        }
        return e -> Matching.strings(comparator, e.name(), c.value());
      }
      case "creation_time", "last_update_time" -> {
        if (!NUMERIC.contains(comparator)) {
          throw ApiException.invalidParameter("Invalid comparator for numeric attribute: " + comparator);
        }
        if (!c.value().isNumber()) {
          throw ApiException.invalidParameter("Expected numeric value type for numeric attribute: " + c.key()
              + ". Found " + c.value().shown());
        }
        double expected = c.value().number();
        boolean creation = c.key().equals("creation_time");
        return e -> Matching.numbers(comparator, (double) (creation ? e.creationTime() : e.lastUpdateTime()), expected);
      }
      default -> throw ApiException.invalidParameter("Invalid attribute key '" + c.key()
          + "' specified. Valid keys are '{'last_update_time', 'creation_time', 'name'}'");
    }
  }

  public static Comparator<Experiment> order(List<String> orderBy) {
    List<String> clauses = orderBy.isEmpty() ? List.of("creation_time DESC", "experiment_id ASC") : orderBy;
    List<Comparator<Experiment>> parts = new ArrayList<>();
    boolean idSeen = false;
    for (String clause : clauses) {
      OrderBy o = OrderBy.parse(clause);
      if (o.entity() != null && !Set.of("attribute", "attributes", "attr").contains(o.entity().toLowerCase())) {
        throw ApiException.invalidParameter("Invalid order_by entity: " + o.entity());
      }
      switch (o.key()) {
        case "name" -> parts.add(Sorting.by(Experiment::name, o.ascending()));
        case "creation_time" -> parts.add(Sorting.by(Experiment::creationTime, o.ascending()));
        case "last_update_time" -> parts.add(Sorting.by(Experiment::lastUpdateTime, o.ascending()));
        case "experiment_id" -> {
          idSeen = true;
          parts.add(Sorting.by(e -> Long.parseLong(e.experimentId()), o.ascending()));
        }
        default -> throw ApiException.invalidParameter("Invalid attribute key '" + o.key()
            + "' specified. Valid keys are '{'experiment_id', 'name', 'creation_time', 'last_update_time'}'");
      }
    }
    if (!idSeen) {
      parts.add(Sorting.by(e -> Long.parseLong(e.experimentId()), true));
    }
    return parts.stream().reduce(Comparator::thenComparing).orElseThrow();
  }
}
