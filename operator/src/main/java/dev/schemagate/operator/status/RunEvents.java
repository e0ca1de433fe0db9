package dev.schemagate.operator.status;

import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.DatabaseMigrationStatus;
import dev.schemagate.operator.api.FailureDetails;
import dev.schemagate.operator.api.Phase;
import dev.schemagate.operator.api.SchemagateConstants.ConditionReasons;
import dev.schemagate.operator.api.SchemagateConstants.ConditionTypes;
import dev.schemagate.operator.api.SchemagateConstants.EventReasons;
import dev.schemagate.operator.migration.DurationFormat;
import dev.schemagate.operator.migration.RunOutcome;
import dev.schemagate.operator.migration.RunPlan;
import dev.schemagate.operator.migration.RunPlan.Situation;
import dev.schemagate.operator.migration.RunState;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Events a reconcile should record: a run started, a run finished, the spec became unusable.
 * Each comes from a change (a created Job, a finished Job not yet recorded, a new Stalled reason),
 * so a reconcile that changes nothing records nothing.
 */
public final class RunEvents {

  private RunEvents() {}

  public static List<MigrationEvent> of(
      DatabaseMigration migration,
      DatabaseMigrationStatus next,
      RunPlan plan,
      JobCreation creation) {
    DatabaseMigrationStatus previous =
        Objects.requireNonNullElseGet(migration.getStatus(), DatabaseMigrationStatus::new);
    List<MigrationEvent> events = new ArrayList<>();
    stalledTransition(previous, next).ifPresent(events::add);
    for (RunOutcome run : plan.toRecord()) {
      events.add(finished(run));
    }
    if (plan.situation() == Situation.JOB_VANISHED && previous.getPhase() != Phase.Failed) {
      events.add(
          MigrationEvent.warning(
              EventReasons.MIGRATION_FAILED,
              "Migration Job " + plan.desiredJobName() + " was deleted before it finished"));
    }
    if (creation.result() == JobCreation.Result.CREATED) {
      events.add(
          MigrationEvent.normal(
              EventReasons.MIGRATION_STARTED,
              "Started migration Job "
                  + plan.jobToCreate().getMetadata().getName()
                  + " for image "
                  + migration.getSpec().getImage()));
    } else if (adoptedUnfinishedRun(previous, next)) {
      events.add(
          MigrationEvent.normal(
              EventReasons.MIGRATION_STARTED,
              "Found migration Job "
                  + next.getJobName()
                  + " for image "
                  + next.getImage()
                  + " in progress"));
    }
    return events;
  }

  private static MigrationEvent finished(RunOutcome run) {
    String subject = "Migration Job " + run.jobName() + " for image " + run.image();
    if (run.state() == RunState.SUCCEEDED) {
      Double seconds = run.durationSeconds();
      // The Job's start and completion times have whole seconds: zero means under a second.
      String took =
          seconds == null
              ? ""
              : seconds < 1
                  ? " in under 1s"
                  : " in " + DurationFormat.format(Duration.ofMillis(Math.round(seconds * 1000)));
      return MigrationEvent.normal(EventReasons.MIGRATION_SUCCEEDED, subject + " succeeded" + took);
    }
    FailureDetails failure = run.failure();
    StringBuilder message = new StringBuilder(subject).append(" failed");
    if (failure != null) {
      message.append(": ").append(failure.getReason());
      if (failure.getMigration() != null) {
        message.append(" in migration ").append(failure.getMigration());
      }
      if (failure.getSqlState() != null) {
        message.append(" (SQLSTATE ").append(failure.getSqlState()).append(')');
      }
    }
    message.append("; see status.failure");
    return MigrationEvent.warning(EventReasons.MIGRATION_FAILED, message.toString());
  }

  /** A run the previous status did not know, still going: another instance (or we) started it. */
  private static boolean adoptedUnfinishedRun(
      DatabaseMigrationStatus previous, DatabaseMigrationStatus next) {
    return next.getJobName() != null
        && !next.getJobName().equals(previous.getJobName())
        && (next.getPhase() == Phase.Pending || next.getPhase() == Phase.Running);
  }

  private static Optional<MigrationEvent> stalledTransition(
      DatabaseMigrationStatus previous, DatabaseMigrationStatus next) {
    Condition now = Conditions.find(next.getConditions(), ConditionTypes.STALLED);
    if (now == null || !"True".equals(now.getStatus())) {
      return Optional.empty();
    }
    String reason = now.getReason();
    if (!ConditionReasons.INVALID_SPEC.equals(reason)
        && !ConditionReasons.JOB_NAME_CONFLICT.equals(reason)) {
      return Optional.empty(); // failed runs have their own MigrationFailed event
    }
    Condition before = Conditions.find(previous.getConditions(), ConditionTypes.STALLED);
    boolean same =
        before != null
            && "True".equals(before.getStatus())
            && reason.equals(before.getReason())
            && Objects.equals(before.getMessage(), now.getMessage());
    if (same) {
      return Optional.empty();
    }
    String eventReason =
        ConditionReasons.INVALID_SPEC.equals(reason)
            ? EventReasons.INVALID_SPEC
            : ConditionReasons.JOB_NAME_CONFLICT;
    return Optional.of(MigrationEvent.warning(eventReason, now.getMessage()));
  }
}
