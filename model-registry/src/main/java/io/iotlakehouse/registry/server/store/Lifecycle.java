package io.iotlakehouse.registry.server.store;

/** MLflow's lifecycle_stage values. */
final class Lifecycle {
  static final String ACTIVE = "active";
  static final String DELETED = "deleted";

  private Lifecycle() {
  }
}
