package io.iotlakehouse.governance.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.common.lineage.LineageDataset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PiiRulesTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "lat | pii_gps_position",
      "payload.lon | pii_gps_position",
      "Latitude | pii_gps_position",
      "gps_fix | pii_gps_position",
      "driver_id | pii_driver_id",
      "payload.driver | pii_driver_id",
      "template_c | -",
      "device_id | -",
      "lateness | -",
      "longest_gap | -",
  })
  void classifiesByTheLastPathSegment(String field, String classification) {
    var out = PiiRules.classify(List.of(new LineageDataset.Field(field, "double")));
    if (classification == null) assertThat(out).isEmpty();
    else assertThat(out).containsEntry(classification, field);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"lat,lon,speed_kmh,driver_id | pii_gps_position=lat,lon;pii_driver_id=driver_id"})
  void groupsTheFieldsOfOneDataset(String fields, String expected) {
    var out = PiiRules.classify(Arrays.stream(fields.split(",")).map(f -> new LineageDataset.Field(f, "x")).toList());
    assertThat(out.entrySet()).map(e -> e.getKey() + "=" + e.getValue()).containsExactly(expected.split(";"));
  }
}
