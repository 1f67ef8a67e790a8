package io.iotlakehouse.edge.inference;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scorer with its bundle's identity and a reference count: one hold while it serves, one per event admitted for it
 * and not yet scored. It closes when the last hold goes, so a model swapped out still scores every event it was
 * given (the event is tagged with it), and then frees its memory.
 */
public final class LoadedModel {
  private final ModelInfo info;
  private final Scorer scorer;
  private final AtomicInteger holds = new AtomicInteger(1);

  public LoadedModel(ModelInfo info, Scorer scorer) {
    this.info = info;
    this.scorer = scorer;
  }

  public ModelInfo info() {
    return info;
  }

  public Scorer scorer() {
    return scorer;
  }

  /** Takes a hold; false when the model already closed (swapped out and drained). */
  boolean acquire() {
    while (true) {
      int h = holds.get();
      if (h == 0) return false;
      if (holds.compareAndSet(h, h + 1)) return true;
    }
  }

  void release() {
    if (holds.decrementAndGet() == 0) scorer.close();
  }

  boolean closed() {
    return holds.get() == 0;
  }
}
