package io.iotlakehouse.edge.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotlakehouse.common.event.Telemetry;

/**
 * A local alert: an event a model found anomalous, published by the gateway on MQTT topic
 * {@code gateways/<gateway>/alerts/<device_id>} (QoS 1, not retained) within milliseconds of the device's publish,
 * whether or not Kafka is reachable. JSON fields: {@code gateway}, {@code device_id}, {@code kind}, {@code seq},
 * {@code event_time} (epoch ms), {@code model}, {@code model_version}, {@code bundle} (the bundle id's first 12 hex
 * digits), {@code measure}, {@code score}, {@code threshold}, {@code reason}, {@code detected_at} (epoch ms). Pure.
 */
public record Alert(String gateway, Telemetry event, String model, String modelVersion, String bundle, Finding finding,
    long detectedAtMillis) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The MQTT topic of alerts of one device. */
  public static String topic(String gateway, String deviceId) {
    return "gateways/" + gateway + "/alerts/" + deviceId;
  }

  public String topic() {
    return topic(gateway, event.deviceId());
  }

  public byte[] toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("gateway", gateway).put("device_id", event.deviceId()).put("kind", event.kind().wireName())
        .put("seq", event.seq()).put("event_time", event.eventTimeMillis()).put("model", model)
        .put("model_version", modelVersion).put("bundle", bundle).put("measure", finding.measure())
        .put("score", finding.score()).put("threshold", finding.threshold()).put("reason", finding.reason())
        .put("detected_at", detectedAtMillis);
    try {
      return JSON.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JSON encoding of an alert failed", e);
    }
  }
}
