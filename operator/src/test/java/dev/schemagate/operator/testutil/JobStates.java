package dev.schemagate.operator.testutil;

import dev.schemagate.operator.api.SchemagateConstants;
import dev.schemagate.operator.api.SchemagateConstants.Labels;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Job and pod states as the Job controller and the kubelet would write them (the mock API server
 * runs neither). Pure builders; {@link ClusterSimulator} writes them to the mock server.
 */
public final class JobStates {

  private JobStates() {}

  public static Job withStatus(Job job, JobStatus status) {
    return new JobBuilder(job).withStatus(status).build();
  }

  public static JobStatus active(Instant start) {
    return new JobStatusBuilder().withActive(1).withStartTime(start.toString()).build();
  }

  public static JobStatus complete(Instant start, Instant end) {
    return new JobStatusBuilder()
        .withStartTime(start.toString())
        .withCompletionTime(end.toString())
        .withSucceeded(1)
        .withConditions(
            new JobConditionBuilder()
                .withType("SuccessCriteriaMet")
                .withStatus("True")
                .withLastTransitionTime(end.toString())
                .build(),
            new JobConditionBuilder()
                .withType("Complete")
                .withStatus("True")
                .withLastTransitionTime(end.toString())
                .build())
        .build();
  }

  public static JobStatus failed(Instant start, Instant end, String reason, String message) {
    return new JobStatusBuilder()
        .withStartTime(start.toString())
        .withFailed(1)
        .withConditions(
            new JobConditionBuilder()
                .withType("Failed")
                .withStatus("True")
                .withReason(reason)
                .withMessage(message)
                .withLastTransitionTime(end.toString())
                .build())
        .build();
  }

  /** A pod of the Job, labelled and owned as the Job controller makes them, without status. */
  public static Pod podOf(Job job, String suffix, Instant created) {
    Map<String, String> labels =
        new HashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
    labels.put(Labels.JOB_NAME, job.getMetadata().getName());
    labels.put(Labels.LEGACY_JOB_NAME, job.getMetadata().getName());
    return new PodBuilder()
        .withNewMetadata()
        .withName(job.getMetadata().getName() + "-" + suffix)
        .withNamespace(job.getMetadata().getNamespace())
        .withLabels(labels)
        .withCreationTimestamp(created == null ? null : created.toString())
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion("batch/v1")
                .withKind("Job")
                .withName(job.getMetadata().getName())
                .withUid(job.getMetadata().getUid())
                .withController(true)
                .build())
        .endMetadata()
        .withSpec(job.getSpec().getTemplate().getSpec())
        .build();
  }

  public static Pod running(Pod pod) {
    return withContainer(
        pod,
        "Running",
        new ContainerStatusBuilder()
            .withName(SchemagateConstants.MIGRATION_CONTAINER)
            .withNewState()
            .withNewRunning()
            .withStartedAt(Instant.now().toString())
            .endRunning()
            .endState()
            .build());
  }

  public static Pod waiting(Pod pod, String reason, String message) {
    return withContainer(
        pod,
        "Pending",
        new ContainerStatusBuilder()
            .withName(SchemagateConstants.MIGRATION_CONTAINER)
            .withNewState()
            .withNewWaiting()
            .withReason(reason)
            .withMessage(message)
            .endWaiting()
            .endState()
            .build());
  }

  public static Pod unschedulable(Pod pod, String message) {
    return new PodBuilder(pod)
        .withNewStatus()
        .withPhase("Pending")
        .withConditions(
            new PodConditionBuilder()
                .withType("PodScheduled")
                .withStatus("False")
                .withReason("Unschedulable")
                .withMessage(message)
                .build())
        .endStatus()
        .build();
  }

  public static Pod terminated(Pod pod, int exitCode, String reason, String message) {
    return withContainer(
        pod,
        exitCode == 0 ? "Succeeded" : "Failed",
        new ContainerStatusBuilder()
            .withName(SchemagateConstants.MIGRATION_CONTAINER)
            .withNewState()
            .withNewTerminated()
            .withExitCode(exitCode)
            .withReason(reason)
            .withMessage(message)
            .endTerminated()
            .endState()
            .build());
  }

  private static Pod withContainer(Pod pod, String phase, ContainerStatus status) {
    return new PodBuilder(pod)
        .withNewStatus()
        .withPhase(phase)
        .withContainerStatuses(status)
        .endStatus()
        .build();
  }

  /** The migrator's JSON result for a failed migration. */
  public static String failedResult(String version, String file, String sqlState, String message) {
    return "{\"status\":\"failed\",\"applied\":[\"1\",\"2\"],\"pendingCount\":2,\"durationMs\":812,"
        + "\"failure\":{\"version\":\""
        + version
        + "\",\"file\":\""
        + file
        + "\",\"sqlState\":\""
        + sqlState
        + "\",\"message\":\""
        + message
        + "\",\"position\":12},\"futureField\":{\"x\":1}}";
  }
}
