package io.iotlakehouse.edge.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayAuditTest {
  static SeqRangeSet r(long lo, long hi) {
    return SeqRangeSet.of(List.of(new SeqRange(lo, hi)));
  }

  static SeqRangeSet rs(SeqRange... ranges) {
    return SeqRangeSet.of(List.of(ranges));
  }

  static final Map<String, SeqRangeSet> NONE = Map.of();

  @Test
  void everythingAcceptedIsInSilver() {
    GatewayAudit.Report rep = GatewayAudit.reconcile(new GatewayAudit.Inputs(Map.of("a", r(1, 100), "b", r(1, 50)), NONE, NONE,
        Map.of("a", r(1, 100), "b", r(1, 50)), NONE, Map.of()));
    assertThat(rep.ok()).isTrue();
    assertThat(rep.lines()).isEmpty();
    assertThat(rep.toJson()).isEqualTo("{\"audit\":\"gateway\",\"devices\":2,\"accepted\":150,\"in_silver\":150,\"missing\":0,"
        + "\"missing_ranges\":0,\"devices_with_missing\":0,\"dropped_by_policy\":0,\"quarantined\":0,\"in_buffer\":0,"
        + "\"silver_duplicates\":0,\"not_from_gateway\":0,\"ok\":true}");
  }

  @Test
  void missingRangesAreWhatNothingExplains() {
    // accepted 1..100; silver lacks 10..19 (dropped by policy), 30 (quarantined), 95..100 (still buffered),
    // and 40..42, 60 (lost)
    SeqRangeSet silver = rs(new SeqRange(1, 9), new SeqRange(20, 29), new SeqRange(31, 39), new SeqRange(43, 59), new SeqRange(61, 94));
    GatewayAudit.Report rep = GatewayAudit.reconcile(new GatewayAudit.Inputs(Map.of("a", r(1, 100)), Map.of("a", r(10, 19)),
        Map.of("a", r(95, 100)), Map.of("a", silver.union(r(200, 210))), Map.of("a", r(30, 30)), Map.of("a", 2L)));
    GatewayAudit.DeviceAudit a = rep.devices().get(0);
    assertThat(a.missing().ranges()).containsExactly(new SeqRange(40, 42), new SeqRange(60, 60));
    assertThat(a.dropped().count()).isEqualTo(10);
    assertThat(a.quarantined().count()).isEqualTo(1);
    assertThat(a.buffered().count()).isEqualTo(6);
    assertThat(a.inSilver()).isEqualTo(79);
    assertThat(a.notFromGateway()).isEqualTo(11);
    assertThat(a.silverDuplicates()).isEqualTo(2);
    assertThat(rep.ok()).isFalse();
    assertThat(rep.lines()).containsExactly("a: accepted 100, in silver 79; MISSING 4 [40..42, 60] DUPLICATED-IN-SILVER 2 "
        + "dropped-by-policy 10 [10..19] quarantined 1 [30] still-in-buffer 6 [95..100]");
    assertThat(rep.toJson()).contains("\"missing\":4,\"missing_ranges\":2,\"devices_with_missing\":1,\"dropped_by_policy\":10,"
        + "\"quarantined\":1,\"in_buffer\":6,\"silver_duplicates\":2,\"not_from_gateway\":11,\"ok\":false}");
  }

  @Test
  void aDeviceSilverNeverSawIsEntirelyMissingAndSilverOnlyDevicesAreNotAudited() {
    GatewayAudit.Report rep = GatewayAudit.reconcile(new GatewayAudit.Inputs(Map.of("gone", r(5, 8)), NONE, NONE,
        Map.of("other", r(1, 1000)), NONE, Map.of()));
    assertThat(rep.devices()).singleElement().satisfies(d -> {
      assertThat(d.deviceId()).isEqualTo("gone");
      assertThat(d.missing().ranges()).containsExactly(new SeqRange(5, 8));
    });
  }
}
