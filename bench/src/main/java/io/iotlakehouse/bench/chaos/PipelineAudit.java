package io.iotlakehouse.bench.chaos;

import io.iotlakehouse.edge.transform.SeqRangeSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * Per device, what each layer holds, layer against layer: the seqs devices produced (1..last), the gateway accepted,
 * bronze holds (decoded), silver holds (or quarantined); and the Kafka offsets bronze covers. Pure.
 *
 * <p>Loss is attributed to the first layer that does not have a seq its upstream had: {@code lost_at_gateway}
 * (produced, never accepted), {@code lost_at_bronze} (accepted, not dropped by policy or still buffered, not in
 * bronze), {@code lost_at_silver} (in bronze, neither in silver nor quarantined). {@code lost} counts seqs of the
 * reference (produced, else accepted, else bronze) that reached no final place (silver, quarantine, dropped by a
 * declared policy, still buffered). {@code duplicated} counts silver rows beyond the first per seq and bronze rows
 * repeating a Kafka offset: both break exactly-once. The same (device, seq) at two offsets in bronze is a gateway
 * redelivery after a crash, expected and removed by silver's dedupe: counted as {@code bronze_redelivered}, not a
 * failure. {@code out_of_order}: first copies in bronze whose seq is below an earlier offset's seq of the same device.
 * Gold: per device, events counted in gold's aligned 5-minute windows plus gold's late events must equal the device's
 * silver rows ({@code GOLD-COUNTS +n/-n}: gold counted n more/fewer).
 */
public final class PipelineAudit {
  private PipelineAudit() {}

  private static final SeqRangeSet EMPTY = new SeqRangeSet();

  /** The gateway's buffer state (null when not audited). */
  public record Gateway(Map<String, SeqRangeSet> accepted, Map<String, SeqRangeSet> dropped, Map<String, SeqRangeSet> buffered) {}

  /** What bronze holds per device: distinct seqs, extra copies at other offsets, out-of-order first copies. */
  public record Bronze(Map<String, SeqRangeSet> seqs, Map<String, Long> redelivered, Map<String, Long> outOfOrder) {}

  /** What silver holds per device: distinct seqs, rows beyond the first per seq, quarantined seqs. */
  public record Silver(Map<String, SeqRangeSet> seqs, Map<String, Long> duplicates, Map<String, SeqRangeSet> quarantined) {}

  /** Kafka offsets of one partition: the retained range [earliest, end) and the offsets bronze holds. */
  public record Partition(int partition, long earliest, long end, SeqRangeSet inBronze, long bronzeRows) {
    /** Offsets Kafka still holds (or held, up to end) that bronze does not. */
    public SeqRangeSet missing() {
      return end > earliest ? SeqRangeSet.of(List.of(new io.iotlakehouse.edge.transform.SeqRange(earliest, end - 1))).minus(inBronze)
          : new SeqRangeSet();
    }

    public long duplicated() {
      return bronzeRows - inBronze.count();
    }
  }

  /**
   * Gold's contributions per device: events counted in gold's 5-minute rolling windows that start on a multiple of 5
   * minutes (each event is in exactly one of them), and events gold set aside as late (in no window).
   */
  public record Gold(Map<String, Long> counted, Map<String, Long> late) {}

  /** produced, gateway and gold may be null (not audited); partitions empty when Kafka was not consulted. */
  public record Inputs(Map<String, SeqRangeSet> produced, Gateway gateway, Bronze bronze, Silver silver, Gold gold,
      List<Partition> partitions) {}

  public record Device(String deviceId, long reference, SeqRangeSet lostAtGateway, SeqRangeSet lostAtBronze,
      SeqRangeSet lostAtSilver, SeqRangeSet lost, long silverDuplicates, long redelivered, long outOfOrder, long quarantined,
      long goldDiff) {
    boolean ok() {
      return lost.isEmpty() && lostAtGateway.isEmpty() && lostAtBronze.isEmpty() && lostAtSilver.isEmpty() && silverDuplicates == 0
          && goldDiff == 0;
    }
  }

  public record Report(String reference, List<Device> devices, List<Partition> partitions) {
    public long total(ToLongFunction<Device> f) {
      return devices.stream().mapToLong(f).sum();
    }

    public long lost() {
      return total(d -> d.lost().count());
    }

    public long duplicated() {
      return total(Device::silverDuplicates) + offsetDuplicates();
    }

    public long offsetsMissing() {
      return partitions.stream().mapToLong(p -> p.missing().count()).sum();
    }

    long offsetDuplicates() {
      return partitions.stream().mapToLong(Partition::duplicated).sum();
    }

    public boolean ok() {
      return devices.stream().allMatch(Device::ok) && offsetsMissing() == 0 && offsetDuplicates() == 0;
    }

    /** One line per device or partition with a finding, sorted. */
    public List<String> lines() {
      List<String> out = new ArrayList<>();
      for (Device d : devices) {
        StringBuilder sb = new StringBuilder();
        append(sb, "LOST", d.lost());
        append(sb, "lost-at-gateway", d.lostAtGateway());
        append(sb, "lost-at-bronze", d.lostAtBronze());
        append(sb, "lost-at-silver", d.lostAtSilver());
        if (d.silverDuplicates() > 0) sb.append(" DUPLICATED-IN-SILVER ").append(d.silverDuplicates());
        if (d.goldDiff() != 0) sb.append(" GOLD-COUNTS ").append(d.goldDiff() > 0 ? "+" : "").append(d.goldDiff()).append(" vs silver");
        if (d.outOfOrder() > 0) sb.append(" out-of-order ").append(d.outOfOrder());
        if (sb.length() > 0) out.add(String.format(Locale.ROOT, "%s: %s %d;%s", d.deviceId(), reference, d.reference(), sb));
      }
      for (Partition p : partitions) {
        if (!p.missing().isEmpty() || p.duplicated() > 0) {
          out.add(String.format(Locale.ROOT, "partition %d: Kafka offsets [%d..%d), bronze misses %d %s, repeats %d",
              p.partition(), p.earliest(), p.end(), p.missing().count(), p.missing(), p.duplicated()));
        }
      }
      return out;
    }

    public String toJson() {
      return String.format(Locale.ROOT,
          "{\"audit\":\"pipeline\",\"reference\":\"%s\",\"devices\":%d,\"events\":%d,\"lost\":%d,\"duplicated\":%d,"
              + "\"lost_at_gateway\":%d,\"lost_at_bronze\":%d,\"lost_at_silver\":%d,\"silver_duplicates\":%d,"
              + "\"bronze_redelivered\":%d,\"out_of_order\":%d,\"quarantined\":%d,\"kafka_partitions\":%d,"
              + "\"kafka_offsets_missing\":%d,\"kafka_offsets_duplicated\":%d,\"gold_devices_mismatched\":%d,\"ok\":%b}",
          reference, devices.size(), total(Device::reference), lost(), duplicated(), total(d -> d.lostAtGateway().count()),
          total(d -> d.lostAtBronze().count()), total(d -> d.lostAtSilver().count()), total(Device::silverDuplicates),
          total(Device::redelivered), total(Device::outOfOrder), total(Device::quarantined), partitions.size(),
          offsetsMissing(), offsetDuplicates(), devices.stream().filter(d -> d.goldDiff() != 0).count(), ok());
    }

    private static void append(StringBuilder sb, String label, SeqRangeSet s) {
      if (!s.isEmpty()) sb.append(' ').append(label).append(' ').append(s.count()).append(' ').append(s);
    }
  }

  public static Report reconcile(Inputs in) {
    String reference = in.produced() != null ? "produced" : in.gateway() != null ? "accepted" : "bronze";
    TreeSet<String> ids = new TreeSet<>(in.bronze().seqs().keySet());
    ids.addAll(in.silver().seqs().keySet());
    if (in.produced() != null) ids.addAll(in.produced().keySet());
    if (in.gateway() != null) ids.addAll(in.gateway().accepted().keySet());
    List<Device> out = new ArrayList<>();
    for (String id : ids) {
      SeqRangeSet bronze = get(in.bronze().seqs(), id);
      SeqRangeSet silver = get(in.silver().seqs(), id);
      SeqRangeSet quarantined = get(in.silver().quarantined(), id);
      SeqRangeSet produced = in.produced() == null ? null : get(in.produced(), id);
      SeqRangeSet lostAtGateway = EMPTY;
      SeqRangeSet accountedUpstream = EMPTY; // seqs that legitimately stopped before bronze
      SeqRangeSet reachedBronze = produced != null ? produced : bronze;
      if (in.gateway() != null) {
        SeqRangeSet accepted = get(in.gateway().accepted(), id);
        accountedUpstream = get(in.gateway().dropped(), id).union(get(in.gateway().buffered(), id));
        if (produced != null) lostAtGateway = produced.minus(accepted);
        reachedBronze = accepted;
      }
      SeqRangeSet lostAtBronze = reachedBronze.minus(lostAtGateway).minus(accountedUpstream).minus(bronze);
      SeqRangeSet lostAtSilver = bronze.minus(silver).minus(quarantined);
      SeqRangeSet ref = produced != null ? produced : in.gateway() != null ? get(in.gateway().accepted(), id) : bronze;
      SeqRangeSet lost = ref.minus(silver).minus(quarantined).minus(accountedUpstream);
      long goldDiff = in.gold() == null ? 0
          : in.gold().counted().getOrDefault(id, 0L) + in.gold().late().getOrDefault(id, 0L) - silver.count();
      out.add(new Device(id, ref.count(), lostAtGateway, lostAtBronze, lostAtSilver, lost,
          in.silver().duplicates().getOrDefault(id, 0L), in.bronze().redelivered().getOrDefault(id, 0L),
          in.bronze().outOfOrder().getOrDefault(id, 0L), quarantined.count(), goldDiff));
    }
    return new Report(reference, out, in.partitions());
  }

  private static SeqRangeSet get(Map<String, SeqRangeSet> m, String id) {
    return m.getOrDefault(id, EMPTY);
  }
}
