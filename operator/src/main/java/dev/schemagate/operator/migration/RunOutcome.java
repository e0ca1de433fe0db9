package dev.schemagate.operator.migration;

import dev.schemagate.operator.api.FailureDetails;
import java.time.Instant;

/**
 * What one migration Job says about its run.
 *
 * @param jobName the Job
 * @param image the application image the run migrates for
 * @param state pending, running, succeeded or failed
 * @param createdAt when the Job was created (orders runs)
 * @param startTime the Job's start time (RFC 3339), or null
 * @param completionTime when the run finished (RFC 3339), or null
 * @param failure why it failed (FAILED only); logTail may still be filled from the pod log
 * @param podName the newest pod, whose log explains a failure; null when there is none
 * @param startDeadline PENDING only: when the pod-start grace period ends, or null
 * @param stopRequired FAILED because the pod never started: the Job must be stopped
 * @param recorded the outcome is already reported (annotation on the Job)
 */
public record RunOutcome(
    String jobName,
    String image,
    RunState state,
    Instant createdAt,
    String startTime,
    String completionTime,
    FailureDetails failure,
    String podName,
    Instant startDeadline,
    boolean stopRequired,
    boolean recorded) {

  public boolean finished() {
    return state.finished();
  }

  /** Seconds from start to completion, or null when either is unknown. */
  public Double durationSeconds() {
    Instant start = KubeTime.parse(startTime);
    Instant end = KubeTime.parse(completionTime);
    if (start == null || end == null || end.isBefore(start)) {
      return null;
    }
    return (end.toEpochMilli() - start.toEpochMilli()) / 1000.0;
  }
}
