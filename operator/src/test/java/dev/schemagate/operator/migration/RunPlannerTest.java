package dev.schemagate.operator.migration;

import static dev.schemagate.operator.testutil.Fixtures.image;
import static dev.schemagate.operator.testutil.Fixtures.migration;
import static dev.schemagate.operator.testutil.Fixtures.withRetry;
import static dev.schemagate.operator.testutil.JobStates.active;
import static dev.schemagate.operator.testutil.JobStates.complete;
import static dev.schemagate.operator.testutil.JobStates.failed;
import static dev.schemagate.operator.testutil.JobStates.podOf;
import static dev.schemagate.operator.testutil.JobStates.running;
import static dev.schemagate.operator.testutil.JobStates.waiting;
import static dev.schemagate.operator.testutil.JobStates.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.DatabaseMigrationStatus;
import dev.schemagate.operator.api.Phase;
import dev.schemagate.operator.api.SchemagateConstants.Annotations;
import dev.schemagate.operator.migration.RunPlan.Situation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunPlannerTest {

  static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
  static final Duration GRACE = Duration.ofMinutes(5);
  static final String A = image("orders", 'a');
  static final String B = image("orders", 'b');

  /** The Job the operator created for this spec at {@code created}. */
  static Job jobFor(DatabaseMigration migration, Instant created) {
    Job job = MigrationJobFactory.desiredJob(migration);
    return new JobBuilder(job)
        .editMetadata()
        .withUid("uid-" + job.getMetadata().getName())
        .withCreationTimestamp(created.toString())
        .endMetadata()
        .build();
  }

  static Job recorded(Job job) {
    return new JobBuilder(job)
        .editMetadata()
        .addToAnnotations(Annotations.RECORDED_OUTCOME, "x")
        .endMetadata()
        .build();
  }

  static RunPlan plan(DatabaseMigration migration, List<Job> jobs, List<Pod> pods, Instant now) {
    return RunPlanner.plan(migration, jobs, pods, now, GRACE);
  }

  static DatabaseMigrationStatus status(Phase phase, String jobName, String... succeeded) {
    DatabaseMigrationStatus status = new DatabaseMigrationStatus();
    status.setPhase(phase);
    status.setJobName(jobName);
    status.setSucceededImages(succeeded.length == 0 ? null : new ArrayList<>(List.of(succeeded)));
    return status;
  }

  @Test
  void aNewMigrationStartsItsJob() {
    DatabaseMigration migration = migration("orders", A);
    RunPlan plan = plan(migration, List.of(), List.of(), T0);
    assertThat(plan.situation()).isEqualTo(Situation.STARTING);
    assertThat(plan.jobToCreate()).isEqualTo(MigrationJobFactory.desiredJob(migration));
    assertThat(plan.current().state()).isEqualTo(RunState.PENDING);
    assertThat(plan.recheckAt()).isEqualTo(T0.plus(GRACE));
  }

  @Test
  void aRunningJobIsFollowedNotDuplicated() {
    DatabaseMigration migration = migration("orders", A);
    Job job = withStatus(jobFor(migration, T0), active(T0));
    RunPlan plan =
        plan(migration, List.of(job), List.of(running(podOf(job, "a", T0))), T0.plusSeconds(9));
    assertThat(plan.situation()).isEqualTo(Situation.IN_PROGRESS);
    assertThat(plan.jobToCreate()).isNull();
    assertThat(plan.current().state()).isEqualTo(RunState.RUNNING);
    assertThat(plan.recheckAt()).isNull();
    assertThat(plan.toRecord()).isEmpty();
  }

  @Test
  void aPendingPodAsksForARecheckWhenItsGracePeriodEnds() {
    DatabaseMigration migration = migration("orders", A);
    Job job = jobFor(migration, T0);
    Pod pod = waiting(podOf(job, "a", T0.plusSeconds(3)), "ContainerCreating", null);
    RunPlan plan = plan(migration, List.of(job), List.of(pod), T0.plusSeconds(10));
    assertThat(plan.recheckAt()).isEqualTo(T0.plusSeconds(3).plus(GRACE));
    assertThat(plan.toStop()).isEmpty();
  }

  @Test
  void aStuckPodStopsTheJobAndFailsTheRun() {
    DatabaseMigration migration = migration("orders", A);
    Job job = jobFor(migration, T0);
    Pod pod = waiting(podOf(job, "a", T0), "ErrImagePull", "not found");
    RunPlan plan = plan(migration, List.of(job), List.of(pod), T0.plus(GRACE));
    assertThat(plan.toStop())
        .extracting(RunOutcome::jobName)
        .containsExactly(job.getMetadata().getName());
    assertThat(plan.situation()).isEqualTo(Situation.FINISHED);
    assertThat(plan.current().state()).isEqualTo(RunState.FAILED);
    assertThat(plan.toRecord()).hasSize(1);
    assertThat(plan.jobToCreate()).isNull();
  }

  @Test
  void aFinishedRunIsRecordedOnceAndNotRepeated() {
    DatabaseMigration migration = migration("orders", A);
    Job done = withStatus(jobFor(migration, T0), complete(T0, T0.plusSeconds(5)));
    RunPlan first = plan(migration, List.of(done), List.of(), T0.plusSeconds(6));
    assertThat(first.situation()).isEqualTo(Situation.FINISHED);
    assertThat(first.toRecord()).extracting(RunOutcome::state).containsExactly(RunState.SUCCEEDED);
    assertThat(first.jobToCreate()).isNull();

    RunPlan later = plan(migration, List.of(recorded(done)), List.of(), T0.plusSeconds(60));
    assertThat(later.toRecord()).isEmpty();
    assertThat(later.jobToCreate()).isNull();
  }

  @Test
  void aNewImageWaitsForTheRunningJobThenStarts() {
    DatabaseMigration runningA = migration("orders", A);
    Job jobA = withStatus(jobFor(runningA, T0), active(T0));
    DatabaseMigration wantsB = migration("orders", B);
    wantsB.setStatus(status(Phase.Running, jobA.getMetadata().getName()));

    RunPlan waiting =
        plan(wantsB, List.of(jobA), List.of(running(podOf(jobA, "a", T0))), T0.plusSeconds(5));
    assertThat(waiting.situation()).isEqualTo(Situation.WAITING_FOR_PREVIOUS_RUN);
    assertThat(waiting.jobToCreate()).isNull();
    assertThat(waiting.current().jobName()).isEqualTo(jobA.getMetadata().getName());

    Job doneA = withStatus(jobA, complete(T0, T0.plusSeconds(30)));
    RunPlan next = plan(wantsB, List.of(doneA), List.of(), T0.plusSeconds(31));
    assertThat(next.situation()).isEqualTo(Situation.STARTING);
    assertThat(next.jobToCreate().getMetadata().getAnnotations())
        .containsEntry(Annotations.IMAGE, B);
    assertThat(next.toRecord()).extracting(RunOutcome::image).containsExactly(A);
  }

  @Test
  void aFailedRunIsNotRetried() {
    DatabaseMigration migration = migration("orders", A);
    Job job =
        withStatus(
            jobFor(migration, T0), failed(T0, T0.plusSeconds(3), "BackoffLimitExceeded", "m"));
    migration.setStatus(status(Phase.Failed, job.getMetadata().getName()));
    RunPlan plan = plan(migration, List.of(recorded(job)), List.of(), T0.plus(Duration.ofDays(1)));
    assertThat(plan.situation()).isEqualTo(Situation.FINISHED);
    assertThat(plan.current().state()).isEqualTo(RunState.FAILED);
    assertThat(plan.jobToCreate()).isNull();
  }

  @Test
  void aFailedRunWhoseJobWasDeletedIsStillNotRetried() {
    DatabaseMigration migration = migration("orders", A);
    String name = MigrationJobFactory.desiredJob(migration).getMetadata().getName();
    migration.setStatus(status(Phase.Failed, name));
    RunPlan plan = plan(migration, List.of(), List.of(), T0);
    assertThat(plan.situation()).isEqualTo(Situation.FINISHED_EARLIER);
    assertThat(plan.jobToCreate()).isNull();
  }

  @Test
  void aRunningJobThatDisappearedCountsAsFailed() {
    DatabaseMigration migration = migration("orders", A);
    String name = MigrationJobFactory.desiredJob(migration).getMetadata().getName();
    migration.setStatus(status(Phase.Running, name));
    RunPlan plan = plan(migration, List.of(), List.of(), T0);
    assertThat(plan.situation()).isEqualTo(Situation.JOB_VANISHED);
    assertThat(plan.jobToCreate()).isNull();
  }

  @Test
  void aNewRetryValueStartsANewRunOfTheSameImage() {
    DatabaseMigration migration = migration("orders", A);
    Job job =
        recorded(
            withStatus(
                jobFor(migration, T0), failed(T0, T0.plusSeconds(3), "BackoffLimitExceeded", "m")));
    migration.setStatus(status(Phase.Failed, job.getMetadata().getName()));
    withRetry(migration, "2025-01-01");
    RunPlan plan = plan(migration, List.of(job), List.of(), T0.plusSeconds(60));
    assertThat(plan.situation()).isEqualTo(Situation.STARTING);
    assertThat(plan.jobToCreate().getMetadata().getName())
        .isNotEqualTo(job.getMetadata().getName());
    assertThat(plan.jobsToDelete()).isEmpty();
  }

  @Test
  void anImageThatSucceededBeforeIsNotMigratedAgain() {
    DatabaseMigration backToA = migration("orders", A);
    backToA.setStatus(status(Phase.Succeeded, "orders-bbbbbbbb", B, A));
    RunPlan plan = plan(backToA, List.of(), List.of(), T0);
    assertThat(plan.situation()).isEqualTo(Situation.ALREADY_MIGRATED);
    assertThat(plan.jobToCreate()).isNull();
    assertThat(plan.current()).isNull();
  }

  @Test
  void changedMigratorSettingsForASucceededImageStartNoRun() {
    DatabaseMigration migration = migration("orders", A);
    Job done = recorded(withStatus(jobFor(migration, T0), complete(T0, T0.plusSeconds(5))));
    migration.setStatus(status(Phase.Succeeded, done.getMetadata().getName(), A));
    migration.getSpec().setActiveDeadlineSeconds(600L);
    RunPlan plan = plan(migration, List.of(done), List.of(), T0.plusSeconds(60));
    assertThat(plan.situation()).isEqualTo(Situation.ALREADY_MIGRATED);
    assertThat(plan.current().jobName()).isEqualTo(done.getMetadata().getName());
    assertThat(plan.jobToCreate()).isNull();
  }

  @Test
  void finishedJobsBeyondTheHistoryLimitAreDeletedNewestKept() {
    DatabaseMigration migration = migration("orders", A);
    migration.getSpec().setHistoryLimit(2);
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      DatabaseMigration old = withRetry(migration("orders", A), "r" + i);
      jobs.add(
          recorded(withStatus(jobFor(old, T0.plusSeconds(i * 10L)), failed(T0, T0, "X", "m"))));
    }
    RunPlan plan = plan(migration, jobs, List.of(), T0.plusSeconds(100));
    assertThat(plan.jobsToDelete())
        .containsExactlyInAnyOrder(
            jobs.get(0).getMetadata().getName(), jobs.get(1).getMetadata().getName());
  }

  @Test
  void runningJobsAreNeverDeleted() {
    DatabaseMigration migration = migration("orders", A);
    migration.getSpec().setHistoryLimit(1);
    Job older =
        recorded(withStatus(jobFor(withRetry(migration("orders", A), "1"), T0), complete(T0, T0)));
    Job newer =
        recorded(
            withStatus(
                jobFor(withRetry(migration("orders", A), "2"), T0.plusSeconds(5)),
                complete(T0, T0)));
    Job runningJob = withStatus(jobFor(migration, T0.plusSeconds(10)), active(T0));
    RunPlan plan =
        plan(
            migration,
            List.of(older, newer, runningJob),
            List.of(running(podOf(runningJob, "a", T0))),
            T0.plusSeconds(20));
    assertThat(plan.jobsToDelete()).containsExactly(older.getMetadata().getName());
  }

  @Test
  void anInvalidSpecPlansNothing() {
    DatabaseMigration migration = migration("orders", "orders:latest");
    RunPlan plan = plan(migration, List.of(), List.of(), T0);
    assertThat(plan.situation()).isEqualTo(Situation.INVALID_SPEC);
    assertThat(plan.invalidSpec()).contains("spec.image must be pinned by digest");
    assertThat(plan.jobToCreate()).isNull();
  }

  @Test
  void aJobFoundAfterARestartIsAdoptedInsteadOfCreatingAnother() {
    DatabaseMigration migration = migration("orders", A);
    Job job = withStatus(jobFor(migration, T0), active(T0));
    // The previous instance created the Job but died before writing any status.
    RunPlan plan =
        plan(migration, List.of(job), List.of(running(podOf(job, "a", T0))), T0.plusSeconds(1));
    assertThat(plan.jobToCreate()).isNull();
    assertThat(plan.current().jobName()).isEqualTo(job.getMetadata().getName());
  }
}
