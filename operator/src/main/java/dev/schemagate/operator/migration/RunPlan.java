package dev.schemagate.operator.migration;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.List;

/**
 * What the reconciler should do about migration runs, decided from observed state alone.
 *
 * @param invalidSpec why the spec cannot run, or null; when set, nothing else is planned
 * @param desiredJobName name of the Job for the current spec
 * @param situation what the status should say about the current run
 * @param current the run the status describes, or null (see {@link Situation})
 * @param jobToCreate the Job to create, or null
 * @param toStop Jobs whose pod never started within the grace period: stop them
 * @param toRecord finished runs not reported yet, oldest first
 * @param jobsToDelete finished Jobs beyond spec.historyLimit
 * @param recheckAt when time alone changes the verdict (a pod-start grace period ends), or null
 */
public record RunPlan(
    String invalidSpec,
    String desiredJobName,
    Situation situation,
    RunOutcome current,
    Job jobToCreate,
    List<RunOutcome> toStop,
    List<RunOutcome> toRecord,
    List<String> jobsToDelete,
    Instant recheckAt) {

  /** Where the current spec stands. */
  public enum Situation {
    /** The spec cannot be run; see invalidSpec. */
    INVALID_SPEC,
    /** A Job for the current spec is planned for creation; current is its pending run. */
    STARTING,
    /** The Job of the current spec is pending or running. */
    IN_PROGRESS,
    /** Another run is still going; the current spec's run starts when it ends. */
    WAITING_FOR_PREVIOUS_RUN,
    /** The Job of the current spec finished (current says how). */
    FINISHED,
    /**
     * spec.image already succeeded, no run is needed; current is the newest successful run for it
     * (or null) — unless another run is still going, which current then describes.
     */
    ALREADY_MIGRATED,
    /**
     * The current spec's run finished earlier and its Job is gone; the status keeps its outcome.
     */
    FINISHED_EARLIER,
    /** The current spec's Job disappeared before it finished: the run counts as failed. */
    JOB_VANISHED
  }

  static RunPlan invalid(String message) {
    return new RunPlan(
        message, null, Situation.INVALID_SPEC, null, null, List.of(), List.of(), List.of(), null);
  }
}
