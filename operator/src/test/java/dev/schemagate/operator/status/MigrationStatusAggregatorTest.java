package dev.schemagate.operator.status;

import static dev.schemagate.operator.testutil.Fixtures.image;
import static dev.schemagate.operator.testutil.Fixtures.migration;
import static dev.schemagate.operator.testutil.JobStates.active;
import static dev.schemagate.operator.testutil.JobStates.complete;
import static dev.schemagate.operator.testutil.JobStates.failed;
import static dev.schemagate.operator.testutil.JobStates.failedResult;
import static dev.schemagate.operator.testutil.JobStates.podOf;
import static dev.schemagate.operator.testutil.JobStates.running;
import static dev.schemagate.operator.testutil.JobStates.terminated;
import static dev.schemagate.operator.testutil.JobStates.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.DatabaseMigrationStatus;
import dev.schemagate.operator.api.DeploymentGateStatus;
import dev.schemagate.operator.api.Phase;
import dev.schemagate.operator.api.SchemagateConstants.Annotations;
import dev.schemagate.operator.migration.MigrationJobFactory;
import dev.schemagate.operator.migration.RunPlan;
import dev.schemagate.operator.migration.RunPlanner;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationStatusAggregatorTest {

  static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
  static final String A = image("orders", 'a');
  static final String B = image("orders", 'b');

  /** One reconcile's report, as the reconciler computes it. */
  static DatabaseMigrationStatus report(
      DatabaseMigration migration,
      List<Job> jobs,
      List<Pod> pods,
      Instant now,
      JobCreation creation,
      Map<String, String> logTails) {
    RunPlan plan = RunPlanner.plan(migration, jobs, pods, now, Duration.ofMinutes(5));
    JobCreation result =
        creation != null
            ? creation
            : plan.jobToCreate() == null ? JobCreation.NOT_NEEDED : JobCreation.CREATED;
    return MigrationStatusAggregator.aggregate(migration, plan, result, logTails, now);
  }

  static DatabaseMigrationStatus report(
      DatabaseMigration migration, List<Job> jobs, List<Pod> pods, Instant now) {
    return report(migration, jobs, pods, now, null, Map.of());
  }

  static Job jobFor(DatabaseMigration migration) {
    return new JobBuilder(MigrationJobFactory.desiredJob(migration))
        .editMetadata()
        .withUid("job-uid")
        .withCreationTimestamp(T0.toString())
        .endMetadata()
        .build();
  }

  static Condition condition(DatabaseMigrationStatus status, String type) {
    return Conditions.find(status.getConditions(), type);
  }

  static void assertConditions(
      DatabaseMigrationStatus status,
      boolean ready,
      boolean reconciling,
      boolean stalled,
      String reason) {
    assertThat(condition(status, "Ready").getStatus()).isEqualTo(ready ? "True" : "False");
    assertThat(condition(status, "Reconciling").getStatus())
        .isEqualTo(reconciling ? "True" : "False");
    assertThat(condition(status, "Stalled").getStatus()).isEqualTo(stalled ? "True" : "False");
    assertThat(status.getConditions()).extracting(Condition::getReason).containsOnly(reason);
    assertThat(status.getConditions())
        .extracting(Condition::getObservedGeneration)
        .containsOnly(status.getObservedGeneration());
  }

  @Test
  void aStartingRunIsPendingAndReconciling() {
    DatabaseMigration migration = migration("orders", A);
    migration.getMetadata().setGeneration(3L);
    DatabaseMigrationStatus status = report(migration, List.of(), List.of(), T0);
    assertThat(status.getObservedGeneration()).isEqualTo(3L);
    assertThat(status.getPhase()).isEqualTo(Phase.Pending);
    assertThat(status.getImage()).isEqualTo(A);
    assertThat(status.getImageShort()).isEqualTo("orders@aaaaaaaaaaaa");
    assertThat(status.getJobName()).isEqualTo(jobFor(migration).getMetadata().getName());
    assertThat(status.getSucceededImages()).isNull();
    assertThat(status.getFailure()).isNull();
    assertConditions(status, false, true, false, "MigrationPending");
    assertThat(condition(status, "Ready").getMessage()).contains("waiting for its pod to start");
    assertThat(condition(status, "Ready").getLastTransitionTime())
        .isEqualTo("2025-01-01T10:00:00Z");
  }

  @Test
  void aRunningRunIsRunning() {
    DatabaseMigration migration = migration("orders", A);
    Job job = withStatus(jobFor(migration), active(T0.plusSeconds(1)));
    DatabaseMigrationStatus status =
        report(migration, List.of(job), List.of(running(podOf(job, "p", T0))), T0.plusSeconds(5));
    assertThat(status.getPhase()).isEqualTo(Phase.Running);
    assertThat(status.getStartTime()).isEqualTo("2025-01-01T10:00:01Z");
    assertConditions(status, false, true, false, "MigrationRunning");
  }

  @Test
  void aSucceededRunMakesTheImageReady() {
    DatabaseMigration migration = migration("orders", A);
    Job job = withStatus(jobFor(migration), complete(T0.plusSeconds(1), T0.plusSeconds(9)));
    DatabaseMigrationStatus status = report(migration, List.of(job), List.of(), T0.plusSeconds(10));
    assertThat(status.getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(status.getCompletionTime()).isEqualTo("2025-01-01T10:00:09Z");
    assertThat(status.getSucceededImages()).containsExactly(A);
    assertConditions(status, true, false, false, "MigrationSucceeded");
  }

  @Test
  void aFailedRunStallsWithItsDetailsAndTheLogTail() {
    DatabaseMigration migration = migration("orders", A);
    Job job =
        withStatus(
            jobFor(migration), failed(T0, T0.plusSeconds(7), "BackoffLimitExceeded", "limit"));
    Pod pod =
        terminated(
            podOf(job, "p", T0),
            1,
            "Error",
            failedResult("3", "V3__x.sql", "42P01", "no relation"));
    DatabaseMigrationStatus status =
        report(
            migration,
            List.of(job),
            List.of(pod),
            T0.plusSeconds(8),
            null,
            Map.of(job.getMetadata().getName(), "ERROR: relation x does not exist"));
    assertThat(status.getPhase()).isEqualTo(Phase.Failed);
    assertThat(status.getFailure().getReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(status.getFailure().getMigration()).isEqualTo("V3__x.sql");
    assertThat(status.getFailure().getSqlState()).isEqualTo("42P01");
    assertThat(status.getFailure().getMessage()).isEqualTo("no relation");
    assertThat(status.getFailure().getLogTail()).isEqualTo("ERROR: relation x does not exist");
    assertConditions(status, false, false, true, "MigrationFailed");
    assertThat(condition(status, "Stalled").getMessage())
        .contains("BackoffLimitExceeded")
        .contains(Annotations.RETRY);
  }

  @Test
  void aRecordedFailureKeepsWhatWasSeenWhenThePodIsGone() {
    DatabaseMigration migration = migration("orders", A);
    Job job =
        withStatus(
            jobFor(migration), failed(T0, T0.plusSeconds(7), "BackoffLimitExceeded", "limit"));
    Pod pod =
        terminated(
            podOf(job, "p", T0),
            1,
            "Error",
            failedResult("3", "V3__x.sql", "42P01", "no relation"));
    DatabaseMigrationStatus first =
        report(
            migration,
            List.of(job),
            List.of(pod),
            T0.plusSeconds(8),
            null,
            Map.of(job.getMetadata().getName(), "log"));
    migration.setStatus(first);
    Job recorded =
        new JobBuilder(job)
            .editMetadata()
            .addToAnnotations(Annotations.RECORDED_OUTCOME, "Failed")
            .endMetadata()
            .build();

    DatabaseMigrationStatus later =
        report(migration, List.of(recorded), List.of(), T0.plusSeconds(600));
    assertThat(later).usingRecursiveComparison().isEqualTo(first);
  }

  @Test
  void reportingTheSameStateTwiceGivesTheSameStatus() {
    DatabaseMigration migration = migration("orders", A);
    Job job = withStatus(jobFor(migration), active(T0));
    List<Pod> pods = List.of(running(podOf(job, "p", T0)));
    DatabaseMigrationStatus first = report(migration, List.of(job), pods, T0.plusSeconds(1));
    migration.setStatus(first);
    DatabaseMigrationStatus second = report(migration, List.of(job), pods, T0.plusSeconds(99));
    assertThat(second).usingRecursiveComparison().isEqualTo(first);
  }

  @Test
  void waitingForThePreviousRunShowsThatRun() {
    DatabaseMigration wantsB = migration("orders", B);
    Job jobA = withStatus(jobFor(migration("orders", A)), active(T0));
    DatabaseMigrationStatus status =
        report(wantsB, List.of(jobA), List.of(running(podOf(jobA, "p", T0))), T0.plusSeconds(5));
    assertThat(status.getPhase()).isEqualTo(Phase.Running);
    assertThat(status.getImage()).isEqualTo(A);
    assertConditions(status, false, true, false, "WaitingForPreviousRun");
    assertThat(condition(status, "Ready").getMessage()).contains("must finish before image " + B);
  }

  @Test
  void anInvalidSpecStallsAndKeepsThePreviousRun() {
    DatabaseMigration migration = migration("orders", "orders:2.0");
    DatabaseMigrationStatus previous = new DatabaseMigrationStatus();
    previous.setPhase(Phase.Succeeded);
    previous.setImage(A);
    previous.setSucceededImages(List.of(A));
    migration.setStatus(previous);
    DatabaseMigrationStatus status = report(migration, List.of(), List.of(), T0);
    assertThat(status.getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(status.getImage()).isEqualTo(A);
    assertThat(status.getSucceededImages()).containsExactly(A);
    assertConditions(status, false, false, true, "InvalidSpec");
    assertThat(condition(status, "Stalled").getMessage())
        .startsWith("The spec cannot be run: spec.image must be pinned by digest");
  }

  @Test
  void aJobTheApiServerRejectedIsAnInvalidSpec() {
    DatabaseMigration migration = migration("orders", A);
    DatabaseMigrationStatus status =
        report(
            migration,
            List.of(),
            List.of(),
            T0,
            JobCreation.rejected("env[0].name: Invalid value"),
            Map.of());
    assertThat(status.getPhase()).isNull();
    assertConditions(status, false, false, true, "InvalidSpec");
    assertThat(condition(status, "Stalled").getMessage()).contains("env[0].name: Invalid value");
  }

  @Test
  void aForeignJobWithTheRunsNameStalls() {
    DatabaseMigration migration = migration("orders", A);
    DatabaseMigrationStatus status =
        report(
            migration,
            List.of(),
            List.of(),
            T0,
            JobCreation.nameConflict("Job x exists"),
            Map.of());
    assertConditions(status, false, false, true, "JobNameConflict");
  }

  @Test
  void aVanishedJobFailsTheRun() {
    DatabaseMigration migration = migration("orders", A);
    DatabaseMigrationStatus previous = new DatabaseMigrationStatus();
    previous.setPhase(Phase.Running);
    previous.setImage(A);
    previous.setJobName(jobFor(migration).getMetadata().getName());
    migration.setStatus(previous);
    DatabaseMigrationStatus status = report(migration, List.of(), List.of(), T0);
    assertThat(status.getPhase()).isEqualTo(Phase.Failed);
    assertThat(status.getFailure().getReason()).isEqualTo("JobDeleted");
    assertConditions(status, false, false, true, "MigrationFailed");
  }

  @Test
  void gateDeploymentsAreCarriedOver() {
    DatabaseMigration migration = migration("orders", A);
    DatabaseMigrationStatus previous = new DatabaseMigrationStatus();
    previous.setDeployments(
        List.of(new DeploymentGateStatus("web", A, DeploymentGateStatus.State.Held)));
    migration.setStatus(previous);
    assertThat(report(migration, List.of(), List.of(), T0).getDeployments())
        .isEqualTo(previous.getDeployments());
  }
}
