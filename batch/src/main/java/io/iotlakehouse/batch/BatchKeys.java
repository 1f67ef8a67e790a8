package io.iotlakehouse.batch;

import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.streaming.GoldKeys;
import io.iotlakehouse.streaming.HotPathKeys;
import io.iotlakehouse.streaming.SilverKeys;
import io.iotlakehouse.streaming.StreamingKeys;
import java.util.ArrayList;
import java.util.List;

/** Every key the batch jobs declare ({@link #keys}), and every key a batch job's main accepts ({@link #jobKeys}). */
public final class BatchKeys {
  private BatchKeys() {}

  /** The keys this module declares (register them in the CLI's key list). */
  public static List<ConfigKey<?>> keys() {
    List<ConfigKey<?>> keys = new ArrayList<>(MaintenanceKeys.keys());
    keys.addAll(TieringKeys.keys());
    keys.addAll(IcebergKeys.keys());
    keys.addAll(BackfillKeys.keys());
    return keys;
  }

  /**
   * What a batch job's main accepts: the platform and streaming keys too, since maintenance checks its settings against
   * the streams' (trigger intervals, late bound, allowed lateness) and the backfill runs silver's and gold's transforms.
   */
  public static List<ConfigKey<?>> jobKeys() {
    List<ConfigKey<?>> keys = new ArrayList<>(PlatformKeys.keys());
    keys.addAll(StreamingKeys.keys());
    keys.addAll(SilverKeys.keys());
    keys.addAll(GoldKeys.keys());
    keys.addAll(HotPathKeys.keys());
    keys.addAll(keys());
    return keys;
  }
}
