package dev.schemagate.operator.migration;

import dev.schemagate.operator.api.SchemagateConstants;
import dev.schemagate.operator.api.SchemagateConstants.Labels;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Reads the state of a migration Job's pod: the kubelet's view of the migration container. */
public record MigrationPod(Pod pod) {

  /** The newest pod of a Job (the one a retrying Job is on now), if any. */
  public static Optional<MigrationPod> newestOf(Job job, Collection<Pod> pods) {
    return pods.stream()
        .filter(pod -> belongsTo(pod, job))
        .max(
            Comparator.comparing(
                    (Pod p) ->
                        Objects.requireNonNullElse(
                            KubeTime.parse(p.getMetadata().getCreationTimestamp()), Instant.EPOCH))
                .thenComparing(p -> p.getMetadata().getName()))
        .map(MigrationPod::new);
  }

  /** Pods point to their Job by a controller reference and by the job-name labels. */
  static boolean belongsTo(Pod pod, Job job) {
    String jobUid = job.getMetadata().getUid();
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    if (jobUid != null && owners != null) {
      for (OwnerReference owner : owners) {
        if ("Job".equals(owner.getKind()) && jobUid.equals(owner.getUid())) {
          return true;
        }
      }
    }
    Map<String, String> labels = pod.getMetadata().getLabels();
    String jobName = job.getMetadata().getName();
    return labels != null
        && (jobName.equals(labels.get(Labels.JOB_NAME))
            || jobName.equals(labels.get(Labels.LEGACY_JOB_NAME)));
  }

  public String name() {
    return pod.getMetadata().getName();
  }

  public Instant createdAt() {
    return KubeTime.parse(pod.getMetadata().getCreationTimestamp());
  }

  public boolean isRunning() {
    if (pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())) {
      return true;
    }
    return containerState().map(ContainerState::getRunning).isPresent();
  }

  /** Why the container is waiting to start (ErrImagePull, CreateContainerConfigError...). */
  public Optional<ContainerStateWaiting> waiting() {
    return containerState().map(ContainerState::getWaiting);
  }

  /** How the migration container ended, on this attempt (state) or the last one. */
  public Optional<ContainerStateTerminated> terminated() {
    Optional<ContainerStatus> status = containerStatus();
    Optional<ContainerStateTerminated> current =
        status.map(ContainerStatus::getState).map(ContainerState::getTerminated);
    return current.isPresent()
        ? current
        : status.map(ContainerStatus::getLastState).map(ContainerState::getTerminated);
  }

  /** What the scheduler said when it could not place the pod, if it said so. */
  public Optional<String> unschedulableMessage() {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
        .map(PodCondition::getMessage)
        .filter(Objects::nonNull)
        .findFirst();
  }

  private Optional<ContainerState> containerState() {
    return containerStatus().map(ContainerStatus::getState);
  }

  private Optional<ContainerStatus> containerStatus() {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
    return statuses.stream()
        .filter(s -> SchemagateConstants.MIGRATION_CONTAINER.equals(s.getName()))
        .findFirst()
        .or(() -> statuses.stream().findFirst());
  }
}
