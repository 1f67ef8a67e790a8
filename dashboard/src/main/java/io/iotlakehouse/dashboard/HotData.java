package io.iotlakehouse.dashboard;

import java.util.List;
import java.util.Map;

/**
 * The hot data the dashboard reads (port; {@code io.RedisHotData} is the Redis adapter). Implementations return the
 * raw hashes of {@link io.iotlakehouse.common.hot.RedisLayout}; interpreting them is the view layer's job. Every
 * method throws {@link SourceUnavailableException} when the store cannot answer.
 */
public interface HotData {
  /** One hash of the layout: its id (device id, alert id, query name), sorted-set score (epoch ms), and fields. */
  record Entry(String id, long score, Map<String, String> fields) {
    public Entry {
      fields = Map.copyOf(fields);
    }
  }

  /** Up to {@code limit} entries, newest first, and how many the store holds in all. */
  record Page(long total, List<Entry> entries) {
    public Page {
      entries = List.copyOf(entries);
    }
  }

  /** Latest device states, most recently seen first ({@code lh:devices} + {@code lh:device:<id>}). */
  Page devices(int limit);

  /** Active alerts, newest event first ({@code lh:alerts} + {@code lh:alert:<id>}). */
  Page alerts(int limit);

  /** Last progress of every streaming query ({@code lh:pipeline:*}), any order. */
  List<Entry> pipelines();

  /** Where the data comes from, for the page (no credentials). */
  String location();
}
