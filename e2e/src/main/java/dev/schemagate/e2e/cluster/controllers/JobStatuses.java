package dev.schemagate.e2e.cluster.controllers;

import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Job statuses as the Job controller writes them. Pure. */
public final class JobStatuses {

  private JobStatuses() {}

  public static boolean isFinished(JobStatus status) {
    return has(status, "Complete") || has(status, "Failed");
  }

  static boolean has(JobStatus status, String type) {
    return status.getConditions() != null
        && status.getConditions().stream()
            .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  static JobStatus running(JobStatus current, int active, int failed, Instant now) {
    return new JobStatusBuilder()
        .withStartTime(Objects.requireNonNullElse(current.getStartTime(), now.toString()))
        .withActive(active)
        .withFailed(failed == 0 ? null : failed)
        .withReady(0)
        .withTerminating(0)
        .withConditions(withoutSuspended(current.getConditions()))
        .build();
  }

  static JobStatus complete(JobStatus current, int succeeded, int failed, Instant now) {
    List<JobCondition> conditions = withoutSuspended(current.getConditions());
    conditions.add(
        condition(
            "SuccessCriteriaMet",
            "CompletionsReached",
            "Reached expected number of succeeded pods",
            now));
    conditions.add(
        condition(
            "Complete", "CompletionsReached", "Reached expected number of succeeded pods", now));
    return new JobStatusBuilder()
        .withStartTime(Objects.requireNonNullElse(current.getStartTime(), now.toString()))
        .withCompletionTime(now.toString())
        .withActive(0)
        .withSucceeded(succeeded)
        .withFailed(failed == 0 ? null : failed)
        .withReady(0)
        .withTerminating(0)
        .withConditions(conditions)
        .build();
  }

  static JobStatus failed(
      JobStatus current, int failed, Instant now, String reason, String message) {
    List<JobCondition> conditions = withoutSuspended(current.getConditions());
    conditions.add(condition("FailureTarget", reason, message, now));
    conditions.add(condition("Failed", reason, message, now));
    return new JobStatusBuilder()
        .withStartTime(Objects.requireNonNullElse(current.getStartTime(), now.toString()))
        .withActive(0)
        .withFailed(failed)
        .withReady(0)
        .withTerminating(0)
        .withConditions(conditions)
        .build();
  }

  static JobStatus suspended(JobStatus current, int succeeded, int failed, Instant now) {
    List<JobCondition> conditions = new ArrayList<>();
    if (current.getConditions() != null) {
      conditions.addAll(current.getConditions());
    }
    if (!has(current, "Suspended")) {
      conditions.add(condition("Suspended", "JobSuspended", "Job suspended", now));
    }
    return new JobStatusBuilder()
        .withStartTime(current.getStartTime())
        .withActive(0)
        .withSucceeded(succeeded == 0 ? null : succeeded)
        .withFailed(failed == 0 ? null : failed)
        .withReady(0)
        .withTerminating(0)
        .withConditions(conditions)
        .build();
  }

  private static List<JobCondition> withoutSuspended(List<JobCondition> conditions) {
    List<JobCondition> kept = new ArrayList<>();
    if (conditions != null) {
      conditions.stream().filter(c -> !"Suspended".equals(c.getType())).forEach(kept::add);
    }
    return kept;
  }

  private static JobCondition condition(String type, String reason, String message, Instant now) {
    return new JobConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason(reason)
        .withMessage(message)
        .withLastProbeTime(now.toString())
        .withLastTransitionTime(now.toString())
        .build();
  }
}
