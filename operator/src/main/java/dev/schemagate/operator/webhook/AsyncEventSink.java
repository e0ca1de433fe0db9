package dev.schemagate.operator.webhook;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves Event writes off the admission request path: one thread, a bounded queue, and Events that
 * do not fit are dropped (they are informational; the hold itself is in the patch).
 */
public final class AsyncEventSink implements DeploymentEventSink, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AsyncEventSink.class);
  private static final int QUEUE_SIZE = 256;

  private final DeploymentEventSink delegate;
  private final ThreadPoolExecutor executor;

  public AsyncEventSink(DeploymentEventSink delegate) {
    this.delegate = delegate;
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE_SIZE),
            runnable -> {
              Thread thread = new Thread(runnable, "schemagate-webhook-events");
              thread.setDaemon(true);
              return thread;
            },
            new ThreadPoolExecutor.AbortPolicy());
  }

  @Override
  public void warning(DeploymentRef deployment, String reason, String message) {
    try {
      executor.execute(() -> deliver(deployment, reason, message));
    } catch (RejectedExecutionException e) {
      LOG.warn(
          "dropped {} Event for Deployment {}/{}: event queue full or closed",
          reason,
          deployment.namespace(),
          deployment.name());
    }
  }

  private void deliver(DeploymentRef deployment, String reason, String message) {
    try {
      delegate.warning(deployment, reason, message);
    } catch (RuntimeException e) {
      LOG.warn(
          "could not record {} Event for Deployment {}/{}: {}",
          reason,
          deployment.namespace(),
          deployment.name(),
          e.toString());
    }
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
