package dev.schemagate.e2e.cluster.controllers;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A controller's work queue: keys are reconciled one at a time on one thread (so a controller never
 * races itself), a key queued twice before it runs is reconciled once, and a key can be queued for
 * later (deadlines).
 */
final class WorkQueue implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WorkQueue.class);

  private final ExecutorService worker;
  private final ScheduledExecutorService timer;
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private final Consumer<String> reconcile;
  private volatile boolean closing;

  WorkQueue(String name, Consumer<String> reconcile) {
    this.worker = Executors.newSingleThreadExecutor(Kubelet.daemon(name));
    this.timer = Executors.newSingleThreadScheduledExecutor(Kubelet.daemon(name + "-timer"));
    this.reconcile = reconcile;
  }

  void add(String key) {
    if (!queued.add(key)) {
      return;
    }
    try {
      worker.execute(
          () -> {
            queued.remove(key);
            try {
              reconcile.accept(key);
            } catch (RuntimeException e) {
              if (closing) {
                return; // interrupted requests while the cluster shuts down
              }
              LOG.warn("Reconciling {} failed; retrying in 1 s", key, e);
              addLater(key, 1000);
            }
          });
    } catch (RejectedExecutionException e) {
      queued.remove(key); // closing
    }
  }

  void addLater(String key, long millis) {
    try {
      timer.schedule(() -> add(key), millis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  @Override
  public void close() {
    closing = true;
    timer.shutdownNow();
    worker.shutdownNow();
    try {
      worker.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
