package io.iotlakehouse.edge.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reconciles, per device, the seqs a gateway accepted (acknowledged to the device) against what silver holds. Every
 * accepted seq should be in silver, or accounted for: dropped by the drop-oldest policy (counted by the gateway),
 * quarantined by silver's rules, or still in the gateway's buffer. What is none of these is <b>missing</b>: lost
 * between gateway and silver. Seqs in silver more than once are duplicates (silver keeps (device_id, seq) unique, so
 * there should be none). Seqs in silver that this gateway never accepted came another way (another gateway, or
 * before this buffer existed) and are only counted. Pure.
 */
public final class GatewayAudit {
  private GatewayAudit() {}

  /** What each side says, per device. Missing devices in a map mean: nothing. */
  public record Inputs(Map<String, SeqRangeSet> accepted, Map<String, SeqRangeSet> dropped, Map<String, SeqRangeSet> buffered,
      Map<String, SeqRangeSet> silver, Map<String, SeqRangeSet> quarantined, Map<String, Long> silverDuplicates) {}

  public record DeviceAudit(String deviceId, long accepted, long inSilver, SeqRangeSet missing, SeqRangeSet dropped,
      SeqRangeSet quarantined, SeqRangeSet buffered, long notFromGateway, long silverDuplicates) {
    public boolean ok() {
      return missing.isEmpty() && silverDuplicates == 0;
    }
  }

  public record Report(List<DeviceAudit> devices) {
    public long total(java.util.function.ToLongFunction<DeviceAudit> f) {
      return devices.stream().mapToLong(f).sum();
    }

    public boolean ok() {
      return devices.stream().allMatch(DeviceAudit::ok);
    }

    /** One line per device with something to say (missing, dropped, quarantined, buffered, duplicates), sorted. */
    public List<String> lines() {
      List<String> out = new ArrayList<>();
      for (DeviceAudit d : devices) {
        StringBuilder sb = new StringBuilder();
        if (!d.missing().isEmpty()) sb.append(" MISSING ").append(d.missing().count()).append(' ').append(d.missing());
        if (d.silverDuplicates() > 0) sb.append(" DUPLICATED-IN-SILVER ").append(d.silverDuplicates());
        if (!d.dropped().isEmpty()) sb.append(" dropped-by-policy ").append(d.dropped().count()).append(' ').append(d.dropped());
        if (!d.quarantined().isEmpty()) sb.append(" quarantined ").append(d.quarantined().count()).append(' ').append(d.quarantined());
        if (!d.buffered().isEmpty()) sb.append(" still-in-buffer ").append(d.buffered().count()).append(' ').append(d.buffered());
        if (sb.length() > 0) {
          out.add(String.format(Locale.ROOT, "%s: accepted %d, in silver %d;%s", d.deviceId(), d.accepted(), d.inSilver(), sb));
        }
      }
      return out;
    }

    public String toJson() {
      long missingRanges = devices.stream().mapToLong(d -> d.missing().size()).sum();
      return String.format(Locale.ROOT,
          "{\"audit\":\"gateway\",\"devices\":%d,\"accepted\":%d,\"in_silver\":%d,\"missing\":%d,\"missing_ranges\":%d,"
              + "\"devices_with_missing\":%d,\"dropped_by_policy\":%d,\"quarantined\":%d,\"in_buffer\":%d,"
              + "\"silver_duplicates\":%d,\"not_from_gateway\":%d,\"ok\":%b}",
          devices.size(), total(DeviceAudit::accepted), total(DeviceAudit::inSilver), total(d -> d.missing().count()),
          missingRanges, devices.stream().filter(d -> !d.missing().isEmpty()).count(), total(d -> d.dropped().count()),
          total(d -> d.quarantined().count()), total(d -> d.buffered().count()), total(DeviceAudit::silverDuplicates),
          total(DeviceAudit::notFromGateway), ok());
    }
  }

  private static final SeqRangeSet EMPTY = new SeqRangeSet();

  public static Report reconcile(Inputs in) {
    TreeSet<String> ids = new TreeSet<>(in.accepted().keySet());
    List<DeviceAudit> out = new ArrayList<>();
    for (String id : ids) {
      SeqRangeSet accepted = in.accepted().get(id);
      SeqRangeSet silver = in.silver().getOrDefault(id, EMPTY);
      SeqRangeSet inSilver = accepted.intersect(silver);
      SeqRangeSet notInSilver = accepted.minus(silver);
      SeqRangeSet dropped = notInSilver.intersect(in.dropped().getOrDefault(id, EMPTY));
      SeqRangeSet rest = notInSilver.minus(dropped);
      SeqRangeSet quarantined = rest.intersect(in.quarantined().getOrDefault(id, EMPTY));
      rest = rest.minus(quarantined);
      SeqRangeSet buffered = rest.intersect(in.buffered().getOrDefault(id, EMPTY));
      SeqRangeSet missing = rest.minus(buffered);
      out.add(new DeviceAudit(id, accepted.count(), inSilver.count(), missing, dropped, quarantined, buffered,
          silver.minus(accepted).count(), in.silverDuplicates().getOrDefault(id, 0L)));
    }
    return new Report(out);
  }
}
