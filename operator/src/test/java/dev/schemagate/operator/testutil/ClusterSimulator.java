package dev.schemagate.operator.testutil;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.UnaryOperator;

/**
 * Writes Job and pod state the way the Job controller and the kubelet would, since the mock API
 * server runs neither. Pod logs are served through a mock expectation: the CRUD mock has no log
 * subresource of its own.
 */
public final class ClusterSimulator {

  private final MockCluster cluster;
  private final KubernetesClient client;

  public ClusterSimulator(MockCluster cluster) {
    this.cluster = cluster;
    this.client = cluster.client();
  }

  /** The Job controller created the pod and the kubelet started the migration container. */
  public Pod startPod(Job job) {
    return startPod(job, null);
  }

  /**
   * Like {@link #startPod(Job)}, with the container log the API server returns for the pod; null:
   * the log is not available (404), as after the node went away.
   */
  public Pod startPod(Job job, String log) {
    Instant now = now();
    setJobStatus(job, JobStates.active(now));
    Pod pod = client.resource(JobStates.running(JobStates.podOf(job, "run1", null))).create();
    serveLog(pod, log);
    return pod;
  }

  private void serveLog(Pod pod, String log) {
    String path =
        "/api/v1/namespaces/"
            + pod.getMetadata().getNamespace()
            + "/pods/"
            + pod.getMetadata().getName()
            + "/log?pretty=false&container=migrate&tailLines=64";
    if (log == null) {
      cluster.server().expect().get().withPath(path).andReturn(404, "").always();
    } else {
      cluster.server().expect().get().withPath(path).andReturn(200, log).always();
    }
  }

  /** The pod exists, but its container cannot start (image pull, missing Secret...). */
  public Pod stuckPod(Job job, String reason, String message) {
    Pod pod =
        client
            .resource(JobStates.waiting(JobStates.podOf(job, "run1", null), reason, message))
            .create();
    serveLog(pod, null);
    return pod;
  }

  /** The migration container exited 0 and the Job completed. */
  public void complete(Job job, Pod pod) {
    updatePod(pod, p -> JobStates.terminated(p, 0, "Completed", "{\"status\":\"succeeded\"}"));
    Instant now = now();
    setJobStatus(job, JobStates.complete(now.minusSeconds(3), now));
  }

  /** The migration container failed with this termination message and the Job gave up. */
  public void fail(Job job, Pod pod, String terminationMessage) {
    updatePod(pod, p -> JobStates.terminated(p, 1, "Error", terminationMessage));
    Instant now = now();
    setJobStatus(
        job,
        JobStates.failed(
            now.minusSeconds(3),
            now,
            "BackoffLimitExceeded",
            "Job has reached the specified backoff limit"));
  }

  private void setJobStatus(Job job, JobStatus status) {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(job.getMetadata().getNamespace())
        .withName(job.getMetadata().getName())
        .editStatus(
            j -> {
              j.setStatus(status);
              return j;
            });
  }

  private void updatePod(Pod pod, UnaryOperator<Pod> change) {
    client
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .edit(change);
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }
}
