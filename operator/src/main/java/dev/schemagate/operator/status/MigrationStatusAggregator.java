package dev.schemagate.operator.status;

import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.DatabaseMigrationStatus;
import dev.schemagate.operator.api.FailureDetails;
import dev.schemagate.operator.api.ImageReference;
import dev.schemagate.operator.api.Phase;
import dev.schemagate.operator.api.SchemagateConstants.Annotations;
import dev.schemagate.operator.api.SchemagateConstants.FailureReasons;
import dev.schemagate.operator.migration.KubeTime;
import dev.schemagate.operator.migration.RunOutcome;
import dev.schemagate.operator.migration.RunPlan;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Computes the next status from the previous one, the run plan and what acting on it brought. Pure;
 * the result equals the previous status whenever nothing changed, so it is written only then.
 */
public final class MigrationStatusAggregator {

  private MigrationStatusAggregator() {}

  /**
   * @param migration the resource with its previous status
   * @param plan what was decided
   * @param creation how creating the planned Job went
   * @param logTails pod log tails of runs that failed now, by Job name
   */
  public static DatabaseMigrationStatus aggregate(
      DatabaseMigration migration,
      RunPlan plan,
      JobCreation creation,
      Map<String, String> logTails,
      Instant now) {
    DatabaseMigrationStatus previous =
        Objects.requireNonNullElseGet(migration.getStatus(), DatabaseMigrationStatus::new);
    Long generation = migration.getMetadata().getGeneration();
    DatabaseMigrationStatus next = new DatabaseMigrationStatus();
    next.setObservedGeneration(generation);
    next.setDeployments(previous.getDeployments());
    next.setSucceededImages(SucceededImages.merge(previous.getSucceededImages(), plan.toRecord()));

    Verdict verdict;
    if (plan.invalidSpec() != null) {
      copyRun(previous, next);
      verdict = Verdict.invalidSpec(plan.invalidSpec());
    } else if (creation.result() == JobCreation.Result.REJECTED) {
      copyRun(previous, next);
      verdict =
          Verdict.invalidSpec("the API server rejected the migration Job: " + creation.message());
    } else if (creation.result() == JobCreation.Result.NAME_CONFLICT) {
      copyRun(previous, next);
      verdict = Verdict.nameConflict(creation.message());
    } else {
      describeRun(migration, plan, previous, next, logTails, now);
      verdict = Verdict.of(migration.getSpec().getImage(), plan.situation(), next);
    }
    next.setConditions(
        Conditions.withTransitionTimes(
            previous.getConditions(), verdict.conditions(generation), now));
    return next;
  }

  private static void describeRun(
      DatabaseMigration migration,
      RunPlan plan,
      DatabaseMigrationStatus previous,
      DatabaseMigrationStatus next,
      Map<String, String> logTails,
      Instant now) {
    String image = migration.getSpec().getImage();
    RunOutcome current = plan.current();
    switch (plan.situation()) {
      case FINISHED_EARLIER -> copyRun(previous, next);
      case JOB_VANISHED -> {
        copyRun(previous, next);
        next.setPhase(Phase.Failed);
        next.setCompletionTime(KubeTime.format(now));
        next.setFailure(
            new FailureDetails(
                FailureReasons.JOB_DELETED,
                "Job "
                    + plan.desiredJobName()
                    + " was deleted before it finished; set the annotation "
                    + Annotations.RETRY
                    + " to a new value to run the migration again"));
      }
      default -> {
        if (current == null) {
          // Already migrated and no Job of that run is left: only the verdict is known.
          next.setPhase(Phase.Succeeded);
          next.setImage(image);
          next.setImageShort(ImageReference.shortForm(image));
        } else {
          describeOutcome(current, image, previous, next, logTails);
        }
      }
    }
  }

  private static void describeOutcome(
      RunOutcome run,
      String specImage,
      DatabaseMigrationStatus previous,
      DatabaseMigrationStatus next,
      Map<String, String> logTails) {
    Phase phase = run.state().phase();
    if (run.finished()
        && run.jobName().equals(previous.getJobName())
        && phase == previous.getPhase()) {
      // Reported already: keep what was seen then (the pod and its log may be gone by now).
      copyRun(previous, next);
      return;
    }
    String image = run.image() != null ? run.image() : specImage;
    next.setPhase(phase);
    next.setImage(image);
    next.setImageShort(ImageReference.shortForm(image));
    next.setJobName(run.jobName());
    next.setStartTime(run.startTime());
    next.setCompletionTime(run.completionTime());
    if (run.failure() != null) {
      FailureDetails failure = copy(run.failure());
      String logTail = logTails.get(run.jobName());
      if (logTail != null) {
        failure.setLogTail(logTail);
      }
      next.setFailure(failure);
    }
  }

  private static void copyRun(DatabaseMigrationStatus from, DatabaseMigrationStatus to) {
    to.setPhase(from.getPhase());
    to.setImage(from.getImage());
    to.setImageShort(from.getImageShort());
    to.setJobName(from.getJobName());
    to.setStartTime(from.getStartTime());
    to.setCompletionTime(from.getCompletionTime());
    to.setFailure(from.getFailure());
  }

  private static FailureDetails copy(FailureDetails failure) {
    FailureDetails copy = new FailureDetails(failure.getReason(), failure.getMessage());
    copy.setMigration(failure.getMigration());
    copy.setSqlState(failure.getSqlState());
    copy.setLogTail(failure.getLogTail());
    return copy;
  }
}
