package dev.schemagate.operator.migration;

import dev.schemagate.operator.api.FailureDetails;
import dev.schemagate.operator.api.SchemagateConstants.Annotations;
import dev.schemagate.operator.api.SchemagateConstants.FailureReasons;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Turns a Job and its pods into the outcome of its run. Pure. */
public final class RunEvaluator {

  /** Waiting reasons that mean the container cannot start without someone fixing something. */
  static final Set<String> START_FAILURE_REASONS =
      Set.of(
          FailureReasons.ERR_IMAGE_PULL,
          FailureReasons.IMAGE_PULL_BACK_OFF,
          FailureReasons.CREATE_CONTAINER_CONFIG_ERROR,
          "CreateContainerError",
          "InvalidImageName",
          "RunContainerError");

  private RunEvaluator() {}

  public static RunOutcome evaluate(
      Job job, Collection<Pod> pods, Instant now, Duration podStartTimeout) {
    Map<String, String> annotations =
        Objects.requireNonNullElse(job.getMetadata().getAnnotations(), Map.of());
    Optional<MigrationPod> pod = MigrationPod.newestOf(job, pods);
    Base base = new Base(job, annotations, pod);

    String stoppedReason = annotations.get(Annotations.FAILURE_REASON);
    if (stoppedReason != null) {
      FailureDetails failure =
          new FailureDetails(stoppedReason, annotations.get(Annotations.FAILURE_MESSAGE));
      return base.outcome(RunState.FAILED, stoppedCompletionTime(job), failure, null, false);
    }
    Optional<JobCondition> complete = trueCondition(job, "Complete", "SuccessCriteriaMet");
    if (complete.isPresent()) {
      String completion =
          job.getStatus().getCompletionTime() != null
              ? job.getStatus().getCompletionTime()
              : complete.get().getLastTransitionTime();
      return base.outcome(RunState.SUCCEEDED, completion, null, null, false);
    }
    Optional<JobCondition> failed = trueCondition(job, "Failed", "FailureTarget");
    if (failed.isPresent()) {
      FailureDetails failure = FailureExplainer.fromFailedJob(failed.get(), pod);
      return base.outcome(
          RunState.FAILED, failed.get().getLastTransitionTime(), failure, null, false);
    }
    if (pod.isPresent() && (pod.get().isRunning() || pod.get().terminated().isPresent())) {
      // A terminated container on an unfinished Job: the Job controller is about to retry or
      // to mark the Job; either way the run is still in progress.
      return base.outcome(RunState.RUNNING, null, null, null, false);
    }
    return pendingOrStuck(base, job, pod, now, podStartTimeout);
  }

  private static RunOutcome pendingOrStuck(
      Base base, Job job, Optional<MigrationPod> pod, Instant now, Duration podStartTimeout) {
    Instant waitingSince =
        pod.map(MigrationPod::createdAt)
            .orElseGet(() -> KubeTime.parse(job.getMetadata().getCreationTimestamp()));
    if (waitingSince == null) {
      waitingSince = now;
    }
    Instant deadline = waitingSince.plus(podStartTimeout);
    if (now.isBefore(deadline)) {
      return base.outcome(RunState.PENDING, null, null, deadline, false);
    }
    Optional<ContainerStateWaiting> waiting = pod.flatMap(MigrationPod::waiting);
    String waitingReason = waiting.map(ContainerStateWaiting::getReason).orElse(null);
    String reason =
        waitingReason != null && START_FAILURE_REASONS.contains(waitingReason)
            ? waitingReason
            : FailureReasons.POD_START_TIMEOUT;
    String detail =
        waiting
            .map(ContainerStateWaiting::getMessage)
            .or(() -> pod.flatMap(MigrationPod::unschedulableMessage))
            .orElse(
                pod.isPresent()
                    ? "pod " + pod.get().name() + " is still pending"
                    : "no pod was created");
    String message =
        "The migration pod did not start within "
            + DurationFormat.format(podStartTimeout)
            + (waitingReason != null ? " (" + waitingReason + ")" : "")
            + ": "
            + detail;
    return base.outcome(
        RunState.FAILED, KubeTime.format(now), new FailureDetails(reason, message), null, true);
  }

  private static String stoppedCompletionTime(Job job) {
    return trueCondition(job, "Suspended", "Failed")
        .map(JobCondition::getLastTransitionTime)
        .orElse(null);
  }

  private static Optional<JobCondition> trueCondition(Job job, String... types) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    for (String type : types) {
      Optional<JobCondition> found =
          job.getStatus().getConditions().stream()
              .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
              .findFirst();
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** What every outcome of one Job shares. */
  private record Base(Job job, Map<String, String> annotations, Optional<MigrationPod> pod) {

    RunOutcome outcome(
        RunState state,
        String completionTime,
        FailureDetails failure,
        Instant startDeadline,
        boolean stopRequired) {
      return new RunOutcome(
          job.getMetadata().getName(),
          annotations.get(Annotations.IMAGE),
          state,
          KubeTime.parse(job.getMetadata().getCreationTimestamp()),
          job.getStatus() == null ? null : job.getStatus().getStartTime(),
          completionTime,
          failure,
          pod.map(MigrationPod::name).orElse(null),
          startDeadline,
          stopRequired,
          annotations.containsKey(Annotations.RECORDED_OUTCOME));
    }
  }

  /** Explains a failed Job from its condition and the pod's last container state. */
  static final class FailureExplainer {

    private FailureExplainer() {}

    static FailureDetails fromFailedJob(JobCondition failed, Optional<MigrationPod> pod) {
      String reason = Objects.requireNonNullElse(failed.getReason(), FailureReasons.JOB_FAILED);
      String message = Objects.requireNonNullElse(failed.getMessage(), "the Job failed");
      Optional<ContainerStateTerminated> terminated = pod.flatMap(MigrationPod::terminated);
      FailureDetails failure = new FailureDetails(reason, message);
      if (terminated.isEmpty()) {
        return failure;
      }
      ContainerStateTerminated end = terminated.get();
      if (FailureReasons.OOM_KILLED.equals(end.getReason())) {
        failure.setReason(FailureReasons.OOM_KILLED);
        failure.setMessage(
            "The migration container ran out of memory and was killed (exit code "
                + end.getExitCode()
                + "); "
                + message);
      } else if (end.getExitCode() != null && end.getExitCode() != 0) {
        failure.setMessage(
            message + "; the migration container exited with code " + end.getExitCode());
      }
      Optional<MigrationResult> result = MigrationResult.parse(end.getMessage());
      if (result.isPresent()) {
        MigrationResult r = result.get();
        failure.setMigration(r.migration());
        failure.setSqlState(r.sqlState());
        if (r.message() != null && !FailureReasons.OOM_KILLED.equals(failure.getReason())) {
          failure.setMessage(r.message());
        }
      } else {
        // Not the migrator's result: with FallbackToLogsOnError it is the end of the log.
        failure.setLogTail(LogTail.bound(end.getMessage()));
      }
      return failure;
    }
  }
}
