package io.iotlakehouse.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;

/**
 * An error reply from MLflow, whoever made the call (the MLflow client or our own HTTP calls): status,
 * {@code error_code} and message. Transient ones (5xx, 429, no reply at all) are retried.
 */
final class ServerError extends RuntimeException {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final int status;
  private final String errorCode;
  private final String serverMessage;

  ServerError(int status, String body, Throwable cause) {
    super("HTTP " + status + ": " + abbreviate(body), cause);
    this.status = status;
    String code = null;
    String message = abbreviate(body);
    try {
      JsonNode json = MAPPER.readTree(body);
      if (json != null && json.isObject()) {
        code = json.path("error_code").isTextual() ? json.get("error_code").textValue() : null;
        message = json.path("message").isTextual() ? json.get("message").textValue() : message;
      }
    } catch (IOException ignored) {
      // not JSON (an HTML error page): keep the raw text
    }
    this.errorCode = code;
    this.serverMessage = message;
  }

  int status() {
    return status;
  }

  String errorCode() {
    return errorCode;
  }

  String serverMessage() {
    return serverMessage;
  }

  boolean transientFailure() {
    return status >= 500 || status == 429;
  }

  boolean notFound() {
    return status == 404 || "RESOURCE_DOES_NOT_EXIST".equals(errorCode);
  }

  /** Converts what the MLflow client throws; returns null for failures that are not server replies. */
  static ServerError from(MlflowClientException e) {
    if (e instanceof MlflowHttpException http) {
      return new ServerError(http.getStatusCode(), http.getBodyMessage() == null ? "" : http.getBodyMessage(), e);
    }
    return null;
  }

  /** True when the MLflow client failed without any reply (connection refused, reset, timeout). */
  static boolean isConnectionFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static String abbreviate(String text) {
    String oneLine = text == null ? "" : text.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
  }
}
