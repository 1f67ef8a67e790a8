package io.iotlakehouse.registry.server.http;

/**
 * An MLflow-style API error: HTTP status, MLflow {@code error_code} and a message. Built only through the
 * factory methods so that status and error code always agree with what MLflow 2.7.1 sends.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String errorCode;

  private ApiException(int status, String errorCode, String message) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }

  public int status() {
    return status;
  }

  public String errorCode() {
    return errorCode;
  }

  /** 400 INVALID_PARAMETER_VALUE. */
  public static ApiException invalidParameter(String message) {
    return new ApiException(400, "INVALID_PARAMETER_VALUE", message);
  }

  /** 404 RESOURCE_DOES_NOT_EXIST. */
  public static ApiException notFound(String message) {
    return new ApiException(404, "RESOURCE_DOES_NOT_EXIST", message);
  }

  /** 400 RESOURCE_ALREADY_EXISTS. */
  public static ApiException alreadyExists(String message) {
    return new ApiException(400, "RESOURCE_ALREADY_EXISTS", message);
  }

  /** 400 BAD_REQUEST (MLflow uses it for a rename that collides with an existing experiment). */
  public static ApiException badRequest(String message) {
    return new ApiException(400, "BAD_REQUEST", message);
  }

  /** 500 INTERNAL_ERROR. */
  public static ApiException internal(String message) {
    return new ApiException(500, "INTERNAL_ERROR", message);
  }

  /** The message MLflow sends when a required request field is absent or empty. */
  public static ApiException missingParameter(String name) {
    return invalidParameter("Missing value for required parameter '" + name + "'. "
        + "See the API docs for more information about request parameters.");
  }

  /** The message MLflow sends when a request field has the wrong JSON type. */
  public static ApiException wrongType(String name, String shownValue, String pythonType) {
    return invalidParameter("Invalid value " + shownValue + " for parameter '" + name + "' supplied. Hint: Value was of type '"
        + pythonType + "'. See the API docs for more information about request parameters.");
  }
}
