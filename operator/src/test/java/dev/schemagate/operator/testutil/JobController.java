package dev.schemagate.operator.testutil;

import dev.schemagate.operator.api.SchemagateConstants.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs every migration Job that appears, on its own, like the Job controller and the kubelet of a
 * real cluster: after a random delay the pod starts, after another one the Job completes, or fails
 * when {@code fails} says so. It keeps going while the operator is down. The test's client must not
 * be the one the faults are injected into: this plays the cluster, not the operator.
 */
public final class JobController implements AutoCloseable {

  private final ClusterSimulator kubelet;
  private final Predicate<Job> fails;
  private final int maxDelayMillis;
  private final Random random;
  private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final SharedIndexInformer<Job> informer;

  /**
   * @param fails which Jobs fail (their container exits 1, the Job reaches its backoff limit)
   * @param maxDelayMillis upper bound of each random delay (pod start, then completion)
   */
  public JobController(MockCluster cluster, Predicate<Job> fails, int maxDelayMillis, long seed) {
    this.kubelet = new ClusterSimulator(cluster);
    this.fails = fails;
    this.maxDelayMillis = maxDelayMillis;
    this.random = new Random(seed);
    this.informer =
        cluster
            .client()
            .batch()
            .v1()
            .jobs()
            .inAnyNamespace()
            .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Job job) {
                    run(job);
                  }

                  @Override
                  public void onUpdate(Job old, Job job) {
                    run(job);
                  }

                  @Override
                  public void onDelete(Job job, boolean unknown) {}
                });
  }

  private void run(Job job) {
    if (!seen.add(job.getMetadata().getNamespace() + "/" + job.getMetadata().getName())) {
      return;
    }
    executor.schedule(
        () -> {
          try {
            Pod pod = kubelet.startPod(job);
            executor.schedule(() -> finish(job, pod), delay(), TimeUnit.MILLISECONDS);
          } catch (RuntimeException e) {
            errors.add("starting " + job.getMetadata().getName() + ": " + e);
          }
        },
        delay(),
        TimeUnit.MILLISECONDS);
  }

  private void finish(Job job, Pod pod) {
    try {
      if (fails.test(job)) {
        kubelet.fail(job, pod, JobStates.failedResult("2", "V2__break.sql", "42P01", "no table"));
      } else {
        kubelet.complete(job, pod);
      }
    } catch (RuntimeException e) {
      errors.add("finishing " + job.getMetadata().getName() + ": " + e);
    }
  }

  private long delay() {
    synchronized (random) {
      return random.nextInt(maxDelayMillis + 1);
    }
  }

  /** Jobs this controller has run (or is running). */
  public int jobsSeen() {
    return seen.size();
  }

  /** Writes that went wrong; empty when all is well. */
  public List<String> errors() {
    return List.copyOf(errors);
  }

  @Override
  public void close() {
    informer.close();
    executor.shutdownNow();
  }
}
