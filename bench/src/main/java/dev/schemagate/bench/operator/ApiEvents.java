package dev.schemagate.bench.operator;

import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.Phase;
import dev.schemagate.operator.api.SchemagateConstants.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The clock of the operator benchmarks: watches on the API server (as any client sees the cluster)
 * that note, with {@link System#nanoTime()} taken first thing in the watch callback, when a
 * DatabaseMigration's Job appeared, when its gated Deployment was stored unpaused, and when its
 * status reached a phase. Keys are {@code namespace/name}; the DatabaseMigration and its Deployment
 * share the name. A future may be asked for before or after the event: either way it completes with
 * the time of the first matching event.
 */
final class ApiEvents implements AutoCloseable {

  private final Map<String, CompletableFuture<Long>> jobCreated = new ConcurrentHashMap<>();
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Long>> jobCompleted = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Long>> released = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Long>> phases = new ConcurrentHashMap<>();
  private final List<Watch> watches;

  ApiEvents(KubernetesClient client) {
    this.watches =
        List.of(
            client
                .batch()
                .v1()
                .jobs()
                .inAnyNamespace()
                .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
                .watch(watcher(this::onJob)),
            client
                .apps()
                .deployments()
                .inAnyNamespace()
                .withLabel(Labels.MIGRATION)
                .watch(watcher(this::onDeployment)),
            client
                .resources(DatabaseMigration.class)
                .inAnyNamespace()
                .watch(watcher(this::onMigration)));
  }

  private void onJob(Job job, long nanos) {
    String migration = job.getMetadata().getLabels().get(Labels.MIGRATION);
    if (migration == null) {
      return;
    }
    String key = key(job.getMetadata().getNamespace(), migration);
    jobs.putIfAbsent(key, job);
    future(jobCreated, key).complete(nanos);
    if (job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()))) {
      future(jobCompleted, key).complete(nanos);
    }
  }

  private void onDeployment(Deployment deployment, long nanos) {
    if (!Boolean.TRUE.equals(deployment.getSpec().getPaused())) {
      future(released, key(deployment)).complete(nanos);
    }
  }

  private void onMigration(DatabaseMigration migration, long nanos) {
    if (migration.getStatus() != null && migration.getStatus().getPhase() != null) {
      future(phases, key(migration) + "#" + migration.getStatus().getPhase()).complete(nanos);
    }
  }

  /** Completes with the time the first Job of this DatabaseMigration was seen. */
  CompletableFuture<Long> jobCreated(String namespace, String name) {
    return future(jobCreated, key(namespace, name));
  }

  /** That Job as first seen; call after {@link #jobCreated} completed. */
  Job job(String namespace, String name) {
    return jobs.get(key(namespace, name));
  }

  /**
   * Completes with the time a watcher first saw the Job complete: the API server's own share of a
   * release (storing the write and sending the event), which the operator cannot beat.
   */
  CompletableFuture<Long> jobCompleted(String namespace, String name) {
    return future(jobCompleted, key(namespace, name));
  }

  /** Completes with the time the gated Deployment of that name was first seen unpaused. */
  CompletableFuture<Long> released(String namespace, String name) {
    return future(released, key(namespace, name));
  }

  /** Completes with the time the DatabaseMigration's status first showed {@code phase}. */
  CompletableFuture<Long> phase(String namespace, String name, Phase phase) {
    return future(phases, key(namespace, name) + "#" + phase);
  }

  /** Forgets one DatabaseMigration (its objects were deleted). */
  void forget(String namespace, String name) {
    String key = key(namespace, name);
    jobCreated.remove(key);
    jobs.remove(key);
    jobCompleted.remove(key);
    released.remove(key);
    for (Phase phase : Phase.values()) {
      phases.remove(key + "#" + phase);
    }
  }

  private static CompletableFuture<Long> future(
      Map<String, CompletableFuture<Long>> map, String key) {
    return map.computeIfAbsent(key, k -> new CompletableFuture<>());
  }

  private static String key(HasMetadata resource) {
    return key(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  private static <T> Watcher<T> watcher(BiConsumer<T, Long> onEvent) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, T resource) {
        long nanos = System.nanoTime();
        if (action == Action.ADDED || action == Action.MODIFIED) {
          onEvent.accept(resource, nanos);
        }
      }

      @Override
      public void onClose(WatcherException cause) {
        if (cause != null) {
          System.err.println("A benchmark watch closed: " + cause.getMessage());
        }
      }
    };
  }

  @Override
  public void close() {
    watches.forEach(Watch::close);
  }
}
