package io.iotlakehouse.governance.transform;

import io.iotlakehouse.common.lineage.LineageDataset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * PII-like fields, declared as data: a dataset whose schema has a matching field (the last path segment, so
 * {@code payload.lat} matches {@code lat}) gets the rule's classification, which Atlas propagates downstream along
 * lineage (topic -> bronze -> silver -> gold -> training data -> models).
 */
public final class PiiRules {
  /** One rule: a classification and the field names (regular expression, case-insensitive) that carry it. */
  public record Rule(String classification, Pattern fieldName, String description) {}

  public static final List<Rule> RULES = List.of(
      new Rule("pii_gps_position", Pattern.compile("(?i)lat|lon|latitude|longitude|gps(_.*)?|position"),
          "GPS position of a vehicle: where its driver was"),
      new Rule("pii_driver_id", Pattern.compile("(?i)driver(_id|_name)?|driver-id"),
          "identity of the driver"));

  private PiiRules() {}

  /** Classification -> comma-separated matching fields, for the fields of one dataset. */
  public static Map<String, String> classify(List<LineageDataset.Field> fields) {
    Map<String, List<String>> hits = new LinkedHashMap<>();
    for (LineageDataset.Field f : fields) {
      String leaf = f.name().substring(f.name().lastIndexOf('.') + 1);
      for (Rule r : RULES) {
        if (r.fieldName().matcher(leaf).matches()) hits.computeIfAbsent(r.classification(), k -> new ArrayList<>()).add(f.name());
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    hits.forEach((c, names) -> out.put(c, String.join(",", names)));
    return out;
  }
}
