package dev.schemagate.operator.status;

import dev.schemagate.operator.api.DatabaseMigrationStatus;
import dev.schemagate.operator.api.FailureDetails;
import dev.schemagate.operator.api.Phase;
import dev.schemagate.operator.api.SchemagateConstants.Annotations;
import dev.schemagate.operator.api.SchemagateConstants.ConditionReasons;
import dev.schemagate.operator.api.SchemagateConstants.ConditionTypes;
import dev.schemagate.operator.migration.RunPlan.Situation;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * The three kstatus conditions of one situation: Ready says whether gated Deployments may roll out
 * to spec.image; Reconciling is True while a run for it is pending, running or waiting; Stalled is
 * True when nothing will change until someone changes the spec (or the retry annotation).
 */
record Verdict(boolean ready, boolean reconciling, boolean stalled, String reason, String message) {

  static Verdict of(String specImage, Situation situation, DatabaseMigrationStatus next) {
    if (next.hasSucceeded(specImage)) {
      return new Verdict(
          true,
          false,
          false,
          ConditionReasons.SUCCEEDED,
          "The migration for image "
              + specImage
              + " succeeded; gated Deployments may roll out to it");
    }
    if (situation == Situation.WAITING_FOR_PREVIOUS_RUN) {
      return new Verdict(
          false,
          true,
          false,
          ConditionReasons.WAITING_FOR_PREVIOUS_RUN,
          "Migration Job "
              + next.getJobName()
              + " (image "
              + next.getImage()
              + ") must finish before image "
              + specImage
              + " is migrated");
    }
    Phase phase = next.getPhase();
    if (phase == Phase.Failed) {
      FailureDetails failure = next.getFailure();
      String cause =
          failure == null ? "unknown cause" : failure.getReason() + ": " + failure.getMessage();
      return new Verdict(
          false,
          false,
          true,
          ConditionReasons.FAILED,
          "Migration Job "
              + next.getJobName()
              + " for image "
              + specImage
              + " failed ("
              + cause
              + "). It is not retried: set the annotation "
              + Annotations.RETRY
              + " to a new value to run it again, or change spec.image");
    }
    if (phase == Phase.Running) {
      return new Verdict(
          false,
          true,
          false,
          ConditionReasons.RUNNING,
          "Migration Job " + next.getJobName() + " for image " + specImage + " is running");
    }
    return new Verdict(
        false,
        true,
        false,
        ConditionReasons.PENDING,
        "Migration Job "
            + next.getJobName()
            + " for image "
            + specImage
            + " is waiting for its pod to start");
  }

  static Verdict invalidSpec(String problems) {
    return new Verdict(
        false, false, true, ConditionReasons.INVALID_SPEC, "The spec cannot be run: " + problems);
  }

  static Verdict nameConflict(String message) {
    return new Verdict(false, false, true, ConditionReasons.JOB_NAME_CONFLICT, message);
  }

  List<Condition> conditions(Long generation) {
    return List.of(
        Conditions.of(ConditionTypes.READY, ready, reason, message, generation),
        Conditions.of(
            ConditionTypes.RECONCILING,
            reconciling,
            reason,
            reconciling ? message : null,
            generation),
        Conditions.of(
            ConditionTypes.STALLED, stalled, reason, stalled ? message : null, generation));
  }
}
