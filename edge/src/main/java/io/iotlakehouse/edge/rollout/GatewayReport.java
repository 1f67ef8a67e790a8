package io.iotlakehouse.edge.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * What a gateway's retained heartbeat ({@code gateways/<id>/heartbeat}) says about its model: status and time, the
 * model it serves ({@code name@version} and bundle id), the one it was told to serve, its model state
 * ({@code serving}, {@code fetching}, {@code refused:<reason>}, {@code failed:<reason>}, {@code none}) and the
 * cumulative counters the controller turns into rates (events judged, scoring errors, alerts since the gateway started).
 */
public record GatewayReport(String gateway, String status, long ts, String model, String modelBundle, String desired,
    String desiredBundle, String rolloutId, String state, RolloutPolicy.Counters counters) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Parses a heartbeat; null when it is not one (the gateway id is taken from the topic). */
  public static GatewayReport parse(String gatewayId, byte[] payload) {
    JsonNode o;
    try {
      o = JSON.readTree(payload);
    } catch (IOException e) {
      return null;
    }
    if (o == null || !o.isObject()) return null;
    return new GatewayReport(gatewayId, o.path("status").asText("unknown"), o.path("ts").asLong(0), text(o, "model"),
        text(o, "model_bundle"), text(o, "model_desired"), text(o, "model_desired_bundle"), text(o, "rollout_id"),
        o.path("model_state").asText(o.has("model") ? "unknown" : "none"),
        new RolloutPolicy.Counters(o.path("scored").asLong(0), o.path("score_errors").asLong(0), o.path("alerts").asLong(0)));
  }

  private static String text(JsonNode o, String field) {
    JsonNode n = o.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }

  /** True when it reports serving exactly this bundle. */
  public boolean serves(String bundleId) {
    return bundleId != null && bundleId.equals(modelBundle);
  }

  /** True when it reports it will not serve this desired bundle (refused by signature or load, or download failed). */
  public boolean gaveUpOn(String bundleId) {
    return bundleId != null && bundleId.equals(desiredBundle) && state != null
        && (state.startsWith("refused:") || state.startsWith("failed:"));
  }
}
