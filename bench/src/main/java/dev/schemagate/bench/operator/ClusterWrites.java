package dev.schemagate.bench.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.Map;

/**
 * The writes of the Job controller and the kubelet that the mock API server does not run: each is
 * one request, so that a timed step starts right before it.
 */
final class ClusterWrites {

  private final KubernetesClient client;

  ClusterWrites(KubernetesClient client) {
    this.client = client;
  }

  /** The Job controller starts the Job and creates its pod; the kubelet runs the container. */
  Pod start(Job job, Instant start) {
    patchJobStatus(job, Workload.active(start));
    return client.resource(Workload.runningPod(job)).create();
  }

  /** The kubelet reports that the migration container exited 0. */
  void podSucceeded(Pod pod) {
    client
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .resource(new PodBuilder(pod).withStatus(Workload.succeededPod()).build())
        .updateStatus();
  }

  /** The Job controller marks the Job complete (one PATCH of the status subresource). */
  void complete(Job job, Instant start, Instant end) {
    patchJobStatus(job, Workload.complete(start, end));
  }

  /**
   * One PATCH. Through {@code resource(job)}: Fabric8's {@code withName(..).patch(..)} would first
   * GET the object (only to learn its name), a round trip inside the timed step.
   */
  private void patchJobStatus(Job job, JobStatus status) {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(job.getMetadata().getNamespace())
        .resource(job)
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("status", status)));
  }
}
