package io.iotlakehouse.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.edge.transform.SeqRange;
import io.iotlakehouse.edge.transform.SeqRangeSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineAuditTest {
  private static SeqRangeSet r(long lo, long hi) {
    return SeqRangeSet.of(List.of(new SeqRange(lo, hi)));
  }

  private static final Map<String, SeqRangeSet> PRODUCED = Map.of("a", r(1, 100));
  private static final PipelineAudit.Gateway ALL_ACCEPTED = new PipelineAudit.Gateway(Map.of("a", r(1, 100)), Map.of(), Map.of());
  private static final PipelineAudit.Bronze ALL_IN_BRONZE = new PipelineAudit.Bronze(Map.of("a", r(1, 100)), Map.of(), Map.of());
  private static final PipelineAudit.Silver ALL_IN_SILVER = new PipelineAudit.Silver(Map.of("a", r(1, 100)), Map.of(), Map.of());

  private static PipelineAudit.Report audit(PipelineAudit.Gateway g, PipelineAudit.Bronze b, PipelineAudit.Silver s,
      List<PipelineAudit.Partition> parts) {
    return PipelineAudit.reconcile(new PipelineAudit.Inputs(PRODUCED, g, b, s, null, parts));
  }

  @Test
  void everythingEverywhereIsOk() {
    PipelineAudit.Report rep = audit(ALL_ACCEPTED, ALL_IN_BRONZE, ALL_IN_SILVER,
        List.of(new PipelineAudit.Partition(0, 0, 100, r(0, 99), 100)));
    assertThat(rep.ok()).isTrue();
    assertThat(rep.lines()).isEmpty();
    assertThat(rep.toJson()).contains("\"events\":100", "\"lost\":0", "\"duplicated\":0", "\"ok\":true");
  }

  @Test
  void lossIsAttributedToTheFirstLayerThatMissesIt() {
    PipelineAudit.Gateway gw = new PipelineAudit.Gateway(Map.of("a", r(1, 90)), Map.of(), Map.of()); // 91..100 never accepted
    PipelineAudit.Bronze bronze = new PipelineAudit.Bronze(Map.of("a", r(1, 40).union(r(46, 90))), Map.of(), Map.of());
    PipelineAudit.Silver silver = new PipelineAudit.Silver(Map.of("a", r(1, 30).union(r(46, 90))), Map.of(), Map.of("a", r(31, 35)));
    PipelineAudit.Device d = audit(gw, bronze, silver, List.of()).devices().get(0);
    assertThat(d.lostAtGateway()).isEqualTo(r(91, 100));
    assertThat(d.lostAtBronze()).isEqualTo(r(41, 45));
    assertThat(d.lostAtSilver()).isEqualTo(r(36, 40));
    assertThat(d.lost()).isEqualTo(r(36, 45).union(r(91, 100)));
    assertThat(d.quarantined()).isEqualTo(5);
  }

  @Test
  void droppedByPolicyAndStillBufferedAreAccountedNotLost() {
    PipelineAudit.Gateway gw = new PipelineAudit.Gateway(Map.of("a", r(1, 100)), Map.of("a", r(1, 10)), Map.of("a", r(91, 100)));
    PipelineAudit.Bronze bronze = new PipelineAudit.Bronze(Map.of("a", r(11, 90)), Map.of(), Map.of());
    PipelineAudit.Silver silver = new PipelineAudit.Silver(Map.of("a", r(11, 90)), Map.of(), Map.of());
    assertThat(audit(gw, bronze, silver, List.of()).ok()).isTrue();
  }

  @Test
  void redeliveriesAreCountedButSilverDuplicatesAndRepeatedOffsetsFail() {
    PipelineAudit.Bronze redelivered = new PipelineAudit.Bronze(Map.of("a", r(1, 100)), Map.of("a", 7L), Map.of("a", 2L));
    PipelineAudit.Report ok = audit(ALL_ACCEPTED, redelivered, ALL_IN_SILVER, List.of());
    assertThat(ok.ok()).isTrue();
    assertThat(ok.toJson()).contains("\"bronze_redelivered\":7", "\"out_of_order\":2");

    PipelineAudit.Silver dup = new PipelineAudit.Silver(Map.of("a", r(1, 100)), Map.of("a", 3L), Map.of());
    assertThat(audit(ALL_ACCEPTED, ALL_IN_BRONZE, dup, List.of()).duplicated()).isEqualTo(3);

    PipelineAudit.Report offsets = audit(ALL_ACCEPTED, ALL_IN_BRONZE, ALL_IN_SILVER,
        List.of(new PipelineAudit.Partition(0, 0, 100, r(0, 49).union(r(60, 99)), 92)));
    assertThat(offsets.ok()).isFalse();
    assertThat(offsets.offsetsMissing()).isEqualTo(10);
    assertThat(offsets.duplicated()).isEqualTo(2);
    assertThat(offsets.lines()).containsExactly("partition 0: Kafka offsets [0..100), bronze misses 10 [50..59], repeats 2");
  }

  @Test
  void withoutProducedOrGatewayBronzeIsTheReference() {
    PipelineAudit.Silver silver = new PipelineAudit.Silver(Map.of("a", r(1, 98)), Map.of(), Map.of());
    PipelineAudit.Report rep = PipelineAudit.reconcile(new PipelineAudit.Inputs(null, null, ALL_IN_BRONZE, silver, null, List.of()));
    assertThat(rep.reference()).isEqualTo("bronze");
    assertThat(rep.lost()).isEqualTo(2);
    assertThat(rep.ok()).isFalse();
  }

  @Test
  void goldMustCountEverySilverEventOnceInItsAlignedWindowsOrAsLate() {
    PipelineAudit.Report exact = PipelineAudit.reconcile(new PipelineAudit.Inputs(PRODUCED, ALL_ACCEPTED, ALL_IN_BRONZE, ALL_IN_SILVER,
        new PipelineAudit.Gold(Map.of("a", 97L), Map.of("a", 3L)), List.of()));
    assertThat(exact.ok()).isTrue();
    assertThat(exact.toJson()).contains("\"gold_devices_mismatched\":0");

    PipelineAudit.Report missing = PipelineAudit.reconcile(new PipelineAudit.Inputs(PRODUCED, ALL_ACCEPTED, ALL_IN_BRONZE, ALL_IN_SILVER,
        new PipelineAudit.Gold(Map.of("a", 95L), Map.of()), List.of()));
    assertThat(missing.ok()).isFalse();
    assertThat(missing.lines()).containsExactly("a: produced 100; GOLD-COUNTS -5 vs silver");

    PipelineAudit.Report doubled = PipelineAudit.reconcile(new PipelineAudit.Inputs(PRODUCED, ALL_ACCEPTED, ALL_IN_BRONZE, ALL_IN_SILVER,
        new PipelineAudit.Gold(Map.of("a", 200L), Map.of()), List.of()));
    assertThat(doubled.lines()).containsExactly("a: produced 100; GOLD-COUNTS +100 vs silver");
  }
}
