package io.iotlakehouse.edge.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * What a controller tells one gateway to serve, as the retained JSON on MQTT {@code gateways/<id>/model/desired}:
 * model name and version, the bundle id (SHA-256 of its signed manifest), where to download the bundle archive (a zip
 * of the bundle folder; empty when the gateway must already hold it), the archive's SHA-256, and the rollout it
 * belongs to. The signature is what makes a bundle trusted; the archive hash only catches a corrupt or swapped download.
 */
public record DesiredModel(String name, String version, String bundleId, String url, String sha256, String rolloutId) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  public static String topic(String gatewayId) {
    return "gateways/" + gatewayId + "/model/desired";
  }

  /** {@code name@version}. */
  public String label() {
    return name + "@" + version;
  }

  public byte[] toJson() {
    ObjectNode o = JSON.createObjectNode().put("name", name).put("version", version).put("bundle_id", bundleId)
        .put("url", url).put("sha256", sha256).put("rollout_id", rolloutId);
    return o.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Parses and checks a desired-state message; IllegalArgumentException says what is wrong. */
  public static DesiredModel parse(byte[] json) {
    JsonNode o;
    try {
      o = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage());
    }
    if (o == null || !o.isObject()) throw new IllegalArgumentException("not a JSON object");
    DesiredModel d = new DesiredModel(o.path("name").asText(""), o.path("version").asText(""),
        o.path("bundle_id").asText(""), o.path("url").asText(""), o.path("sha256").asText(""), o.path("rollout_id").asText(""));
    if (d.name.isBlank() || d.version.isBlank()) throw new IllegalArgumentException("name and version are required");
    if (!HEX64.matcher(d.bundleId).matches()) throw new IllegalArgumentException("bundle_id must be 64 lower-case hex digits");
    if (!d.url.isEmpty()) {
      if (!d.url.startsWith("http://") && !d.url.startsWith("https://")) {
        throw new IllegalArgumentException("url must be http(s), not '" + d.url + "'");
      }
      if (!HEX64.matcher(d.sha256).matches()) throw new IllegalArgumentException("sha256 (of the archive) is required with a url");
    }
    return d;
  }
}
