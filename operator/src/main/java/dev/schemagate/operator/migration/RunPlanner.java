package dev.schemagate.operator.migration;

import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.DatabaseMigrationStatus;
import dev.schemagate.operator.api.DatabaseMigrationValidator;
import dev.schemagate.operator.api.Phase;
import dev.schemagate.operator.migration.RunPlan.Situation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what to do about migration runs: one Job at a time, a new run only for a spec whose image
 * has not succeeded and whose run has not failed already, never the same run twice. Pure: the
 * inputs are the DatabaseMigration, its Jobs and their pods as the informers see them, and the
 * time.
 */
public final class RunPlanner {

  private RunPlanner() {}

  /**
   * @param migration the resource, with the status written last time
   * @param jobs the Jobs this resource controls
   * @param pods the pods of those Jobs
   */
  public static RunPlan plan(
      DatabaseMigration migration,
      Collection<Job> jobs,
      Collection<Pod> pods,
      Instant now,
      Duration podStartTimeout) {
    String problems = DatabaseMigrationValidator.problemsMessage(migration);
    if (problems != null) {
      return RunPlan.invalid(problems);
    }
    RunHash hash = RunHash.of(migration);
    String desiredName = MigrationJobNames.forRun(migration.getMetadata().getName(), hash);
    String image = migration.getSpec().getImage();
    DatabaseMigrationStatus status =
        Objects.requireNonNullElseGet(migration.getStatus(), DatabaseMigrationStatus::new);

    List<RunOutcome> outcomes =
        jobs.stream()
            .map(job -> RunEvaluator.evaluate(job, pods, now, podStartTimeout))
            .sorted(JobHistory.newestFirst().reversed())
            .toList();
    List<RunOutcome> toStop = outcomes.stream().filter(RunOutcome::stopRequired).toList();
    List<RunOutcome> toRecord =
        outcomes.stream().filter(o -> o.finished() && !o.recorded()).toList();
    Set<String> succeeded = new HashSet<>(status.succeededImagesCopy());
    toRecord.stream()
        .filter(o -> o.state() == RunState.SUCCEEDED && o.image() != null)
        .forEach(o -> succeeded.add(o.image()));
    boolean imageAllowed = succeeded.contains(image);

    Optional<RunOutcome> active =
        outcomes.stream().filter(o -> !o.finished()).reduce((older, newer) -> newer);
    Optional<RunOutcome> desired =
        outcomes.stream().filter(o -> o.jobName().equals(desiredName)).findFirst();

    Situation situation;
    RunOutcome current = null;
    Job toCreate = null;
    if (active.isPresent()) {
      current = active.get();
      if (current.jobName().equals(desiredName)) {
        situation = Situation.IN_PROGRESS;
      } else {
        situation = imageAllowed ? Situation.ALREADY_MIGRATED : Situation.WAITING_FOR_PREVIOUS_RUN;
      }
    } else if (desired.isPresent()) {
      current = desired.get();
      situation = Situation.FINISHED;
    } else if (imageAllowed) {
      current = newestSuccessFor(image, outcomes);
      situation = Situation.ALREADY_MIGRATED;
    } else if (desiredName.equals(status.getJobName()) && status.getPhase() != null) {
      // The status remembers this very run; its Job is gone (deleted by someone).
      situation =
          status.getPhase() == Phase.Failed || status.getPhase() == Phase.Succeeded
              ? Situation.FINISHED_EARLIER
              : Situation.JOB_VANISHED;
    } else {
      toCreate = MigrationJobFactory.desiredJob(migration, hash);
      current = startingRun(toCreate, image, now, podStartTimeout);
      situation = Situation.STARTING;
    }

    Set<String> keep = new HashSet<>();
    keep.add(desiredName);
    if (current != null) {
      keep.add(current.jobName());
    }
    List<String> toDelete =
        JobHistory.beyondLimit(outcomes, migration.getSpec().historyLimitOrDefault(), keep);

    Instant recheckAt =
        outcomes.stream()
            .map(RunOutcome::startDeadline)
            .filter(Objects::nonNull)
            .min(Instant::compareTo)
            .orElse(current != null && toCreate != null ? current.startDeadline() : null);
    return new RunPlan(
        null, desiredName, situation, current, toCreate, toStop, toRecord, toDelete, recheckAt);
  }

  private static RunOutcome newestSuccessFor(String image, List<RunOutcome> outcomes) {
    return outcomes.stream()
        .filter(o -> o.state() == RunState.SUCCEEDED && image.equals(o.image()))
        .reduce((older, newer) -> newer)
        .orElse(null);
  }

  private static RunOutcome startingRun(
      Job job, String image, Instant now, Duration podStartTimeout) {
    return new RunOutcome(
        job.getMetadata().getName(),
        image,
        RunState.PENDING,
        now,
        null,
        null,
        null,
        null,
        now.plus(podStartTimeout),
        false,
        false);
  }
}
