package io.iotlakehouse.streaming.transform.hot;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The device registry as the hot path needs it, held on the driver: which devices are registered, and the site each
 * belonged to at an event's time. Same semantics as silver's {@code Enrichment}: a registry row holds from its
 * {@code valid_from} until the device's next row; an event before a device's first row has no site; with no registry
 * table every device is known and no device has a site.
 */
public final class SiteLookup {
  /** No registry table: every device passes, sites are null. */
  public static final SiteLookup OPEN = new SiteLookup(null);

  private final Map<String, TreeMap<Long, String>> versions;

  private SiteLookup(Map<String, TreeMap<Long, String>> versions) {
    this.versions = versions;
  }

  /** Builds a lookup from registry rows; {@code validFromMillis} null means "since forever". */
  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    private final Map<String, TreeMap<Long, String>> versions = new HashMap<>();

    public Builder add(String deviceId, String site, Long validFromMillis) {
      if (deviceId == null) return this;
      versions.computeIfAbsent(deviceId, d -> new TreeMap<>()).put(validFromMillis == null ? Long.MIN_VALUE : validFromMillis, site);
      return this;
    }

    public SiteLookup build() {
      return new SiteLookup(versions);
    }
  }

  /** False only when a registry exists and does not list the device (silver quarantines it: unknown_device). */
  public boolean known(String deviceId) {
    return versions == null || versions.containsKey(deviceId);
  }

  /** The device's site at {@code eventTimeMillis}, or null (no registry, unknown device, event before its first row). */
  public String site(String deviceId, long eventTimeMillis) {
    if (versions == null) return null;
    TreeMap<Long, String> v = versions.get(deviceId);
    if (v == null) return null;
    Map.Entry<Long, String> e = v.floorEntry(eventTimeMillis);
    return e == null ? null : e.getValue();
  }

  public boolean open() {
    return versions == null;
  }

  public int devices() {
    return versions == null ? 0 : versions.size();
  }
}
