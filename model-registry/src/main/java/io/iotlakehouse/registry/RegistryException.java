package io.iotlakehouse.registry;

/**
 * A model-registry failure. Built only by the factory methods, each of which says what happened, why, and how
 * to fix it.
 */
public final class RegistryException extends RuntimeException {
  /** What kind of failure this is, for callers that react differently (e.g. a missing alias). */
  public enum Reason { MODEL_NOT_FOUND, VERSION_NOT_FOUND, ALIAS_NOT_FOUND, REJECTED, UNAVAILABLE, NOT_DOWNLOADABLE,
    INVALID_ARGUMENT }

  private final Reason reason;

  private RegistryException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  public static RegistryException modelNotFound(String model, String serverMessage) {
    return new RegistryException(Reason.MODEL_NOT_FOUND, "Registered model '" + model + "' does not exist (MLflow: "
        + serverMessage + "). Check the model name, or register a version first with registerVersion(...), which "
        + "creates the model.", null);
  }

  public static RegistryException versionNotFound(String model, String version, String serverMessage) {
    return new RegistryException(Reason.VERSION_NOT_FOUND, "Model '" + model + "' has no version " + version
        + " (MLflow: " + serverMessage + "). It was never registered or has been deleted; list the versions with "
        + "searchVersions(\"name = '" + model + "'\") and use one of those.", null);
  }

  public static RegistryException aliasNotFound(String model, String alias, String serverMessage) {
    return new RegistryException(Reason.ALIAS_NOT_FOUND, "Model '" + model + "' has no alias '" + alias
        + "' (MLflow: " + serverMessage + "). No version has been promoted to it yet; point it at a version with "
        + "setAlias(\"" + model + "\", \"" + alias + "\", <version>).", null);
  }

  public static RegistryException rejected(String action, int status, String errorCode, String serverMessage) {
    return new RegistryException(Reason.REJECTED, "Could not " + action + ": the MLflow server answered " + status
        + (errorCode == null ? "" : " " + errorCode) + " (" + serverMessage + "). Fix the request as the message "
        + "says; if it looks like a server problem, check the server log.", null);
  }

  public static RegistryException unavailable(String action, String trackingUri, int attempts, Throwable cause) {
    return new RegistryException(Reason.UNAVAILABLE, "Could not " + action + " after " + attempts + " attempt(s): "
        + "the MLflow server at " + trackingUri + " did not answer or kept failing (" + describe(cause) + "). Check "
        + "that it is running and reachable (setting mlflow.tracking-uri), then retry.", cause);
  }

  public static RegistryException notDownloadable(String model, String version, String source, String why) {
    return new RegistryException(Reason.NOT_DOWNLOADABLE, "Cannot download version " + version + " of model '" + model
        + "' from '" + source + "': " + why + ". Register versions with the run's mlflow-artifacts: URI (its "
        + "artifact_uri + \"/model\") on a server started with --serve-artifacts.", null);
  }

  public static RegistryException invalidArgument(String what, String how) {
    return new RegistryException(Reason.INVALID_ARGUMENT, what + ". " + how, null);
  }

  public static RegistryException localFailure(String action, Throwable cause) {
    return new RegistryException(Reason.REJECTED, "Could not " + action + " (" + describe(cause) + "). Check that the "
        + "target directory is writable and has free space.", cause);
  }

  private static String describe(Throwable cause) {
    if (cause == null) {
      return "no detail";
    }
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    return root == cause ? text : cause.getMessage() + "; caused by " + text;
  }
}
