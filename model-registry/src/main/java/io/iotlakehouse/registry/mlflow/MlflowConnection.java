package io.iotlakehouse.registry.mlflow;

import io.iotlakehouse.registry.RegistryException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import org.mlflow.tracking.MlflowClient;

/**
 * What the MLflow adapters share: the tracking URL (checked), the MLflow Java client, plain HTTP for what the client
 * cannot do, and retried calls whose failures become {@link RegistryException}s.
 */
final class MlflowConnection implements AutoCloseable {
  private final String trackingUri;
  private final MlflowClient client;
  private final RawHttp http;
  private final Retrier retrier;

  MlflowConnection(URI trackingUri, RetryPolicy retryPolicy) {
    if (trackingUri == null || !("http".equals(trackingUri.getScheme()) || "https".equals(trackingUri.getScheme()))) {
      throw RegistryException.invalidArgument(MlflowModelRegistry.TRACKING_URI + " must be the http(s) URL of an "
          + "MLflow server but was '" + trackingUri + "'", "The MLflow Java client cannot use file: stores; start "
          + "MlflowCompatibleServer (or mlflow server) and set " + MlflowModelRegistry.TRACKING_URI + " to its URL");
    }
    this.trackingUri = trackingUri.toString();
    this.client = new MlflowClient(this.trackingUri);
    this.http = new RawHttp(trackingUri, Duration.ofSeconds(60));
    this.retrier = new Retrier(retryPolicy, this.trackingUri);
  }

  MlflowClient client() {
    return client;
  }

  RawHttp http() {
    return http;
  }

  String trackingUri() {
    return trackingUri;
  }

  /** Translates a non-transient server error into a specific exception, or null for the generic one. */
  @FunctionalInterface
  interface Translation {
    RegistryException translate(ServerError error);
  }

  /** Runs {@code call} with retries; server refusals go through {@code translation}, then become REJECTED. */
  <T> T call(String action, Retrier.Call<T> call, Translation translation) {
    try {
      return retrier.call(action, call);
    } catch (ServerError e) {
      RegistryException specific = translation.translate(e);
      throw specific != null ? specific : RegistryException.rejected(action, e.status(), e.errorCode(),
          e.serverMessage());
    } catch (UncheckedIOException e) {
      throw RegistryException.localFailure(action, e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
