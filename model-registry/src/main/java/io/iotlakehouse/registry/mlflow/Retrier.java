package io.iotlakehouse.registry.mlflow;

import io.iotlakehouse.registry.RegistryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.mlflow.tracking.MlflowClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a call against MLflow, retrying with exponential backoff when the server does not answer or answers
 * 5xx/429; after the last attempt the failure becomes {@link RegistryException#unavailable}. Other errors are
 * returned to the caller as a {@link ServerError} to translate.
 */
final class Retrier {
  private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

  /** A call that may fail with an I/O error. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws IOException;
  }

  private final RetryPolicy policy;
  private final String trackingUri;

  Retrier(RetryPolicy policy, String trackingUri) {
    this.policy = policy;
    this.trackingUri = trackingUri;
  }

  <T> T call(String action, Call<T> call) {
    for (int attempt = 1; ; attempt++) {
      RuntimeException failure;
      try {
        return call.run();
      } catch (ServerError e) {
        if (!e.transientFailure()) {
          throw e;
        }
        failure = e;
      } catch (MlflowClientException e) {
        ServerError server = ServerError.from(e);
        if (server != null && !server.transientFailure()) {
          throw server;
        }
        if (server == null && !ServerError.isConnectionFailure(e)) {
          throw RegistryException.unavailable(action, trackingUri, attempt, e);
        }
        failure = server != null ? server : e;
      } catch (IOException e) {
        failure = new UncheckedIOException(e);
      }
      if (attempt >= policy.maxAttempts()) {
        throw RegistryException.unavailable(action, trackingUri, attempt, failure);
      }
      Duration wait = policy.backoff(attempt);
      LOG.warn("Attempt {} to {} failed ({}); retrying in {} ms", attempt, action, failure.getMessage(),
          wait.toMillis());
      try {
        policy.sleeper().sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw RegistryException.unavailable(action + " (interrupted while waiting to retry)", trackingUri, attempt,
            failure);
      }
    }
  }
}
