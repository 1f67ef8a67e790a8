package io.iotlakehouse.registry.server.store;

import io.iotlakehouse.registry.server.http.ApiException;

/** Which lifecycle stages a search sees. */
public enum ViewType {
  ACTIVE_ONLY, DELETED_ONLY, ALL;

  public static ViewType parse(String text) {
    if (text == null || text.isEmpty()) {
      return ACTIVE_ONLY;
    }
    for (ViewType v : values()) {
      if (v.name().equalsIgnoreCase(text) || String.valueOf(v.ordinal() + 1).equals(text)) {
        return v;
      }
    }
    throw ApiException.invalidParameter("Invalid view_type '" + text + "'. Valid values are ACTIVE_ONLY, "
        + "DELETED_ONLY, ALL.");
  }

  boolean includes(String lifecycleStage) {
    return this == ALL || (this == ACTIVE_ONLY) == Lifecycle.ACTIVE.equals(lifecycleStage);
  }
}
