package dev.schemagate.e2e.cluster.controllers;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.util.List;

/** Pod statuses as the kubelet writes them, one per step of a container's life. Pure. */
public final class PodStatuses {

  static final String HOST_IP = "127.0.0.1";

  private PodStatuses() {}

  public static PodStatus waiting(
      String container, String image, String reason, String message, Instant podStart) {
    return new PodStatusBuilder()
        .withPhase("Pending")
        .withHostIP(HOST_IP)
        .withStartTime(podStart.toString())
        .withConditions(scheduled(podStart), condition("Ready", false, podStart))
        .withContainerStatuses(
            base(container, image)
                .withNewState()
                .withNewWaiting()
                .withReason(reason)
                .withMessage(message)
                .endWaiting()
                .endState()
                .build())
        .build();
  }

  public static PodStatus running(
      String container, String image, Instant podStart, Instant started) {
    return new PodStatusBuilder()
        .withPhase("Running")
        .withHostIP(HOST_IP)
        .withPodIP(HOST_IP)
        .withStartTime(podStart.toString())
        .withConditions(scheduled(podStart), condition("Ready", true, started))
        .withContainerStatuses(
            base(container, image)
                .withReady(true)
                .withStarted(true)
                .withNewState()
                .withNewRunning()
                .withStartedAt(started.toString())
                .endRunning()
                .endState()
                .build())
        .build();
  }

  /**
   * The container ended: phase Succeeded (exit 0) or Failed, with {@code reason} Completed or Error
   * (or StartError when it never ran) and the termination message.
   */
  public static PodStatus terminated(
      String container,
      String image,
      Instant podStart,
      Instant started,
      Instant finished,
      int exitCode,
      String reason,
      String message) {
    return new PodStatusBuilder()
        .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
        .withHostIP(HOST_IP)
        .withPodIP(HOST_IP)
        .withStartTime(podStart.toString())
        .withConditions(scheduled(podStart), condition("Ready", false, finished))
        .withContainerStatuses(
            base(container, image)
                .withNewState()
                .withNewTerminated()
                .withExitCode(exitCode)
                .withReason(reason)
                .withMessage(message == null || message.isEmpty() ? null : message)
                .withStartedAt(started.toString())
                .withFinishedAt(finished.toString())
                .withContainerID("schemagate-test-cluster://" + container)
                .endTerminated()
                .endState()
                .build())
        .build();
  }

  private static ContainerStatusBuilder base(String container, String image) {
    return new ContainerStatusBuilder()
        .withName(container)
        .withImage(image)
        .withImageID(image)
        .withReady(false)
        .withStarted(false)
        .withRestartCount(0);
  }

  private static PodCondition scheduled(Instant at) {
    return condition("PodScheduled", true, at);
  }

  private static PodCondition condition(String type, boolean status, Instant at) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status ? "True" : "False")
        .withLastTransitionTime(at.toString())
        .build();
  }

  /** The one container status, or null. */
  public static ContainerStatus container(PodStatus status) {
    List<ContainerStatus> statuses = status == null ? null : status.getContainerStatuses();
    return statuses == null || statuses.isEmpty() ? null : statuses.getFirst();
  }
}
