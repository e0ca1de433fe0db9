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
import dev.schemagate.operator.migration.MigrationJobFactory;
import dev.schemagate.operator.migration.RunPlan;
import dev.schemagate.operator.migration.RunPlanner;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunEventsTest {

  static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
  static final String A = image("orders", 'a');

  static List<MigrationEvent> events(
      DatabaseMigration migration, List<Job> jobs, List<Pod> pods, JobCreation creation) {
    RunPlan plan =
        RunPlanner.plan(migration, jobs, pods, T0.plusSeconds(60), Duration.ofMinutes(5));
    DatabaseMigrationStatus next =
        MigrationStatusAggregator.aggregate(
            migration, plan, creation, Map.of(), T0.plusSeconds(60));
    return RunEvents.of(migration, next, plan, creation);
  }

  static Job jobFor(DatabaseMigration migration) {
    return new JobBuilder(MigrationJobFactory.desiredJob(migration))
        .editMetadata()
        .withUid("job-uid")
        .withCreationTimestamp(T0.toString())
        .endMetadata()
        .build();
  }

  @Test
  void creatingTheJobIsAStart() {
    List<MigrationEvent> events =
        events(migration("orders", A), List.of(), List.of(), JobCreation.CREATED);
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.reason()).isEqualTo("MigrationStarted");
              assertThat(e.warning()).isFalse();
              assertThat(e.message()).contains("orders-").contains(A);
            });
  }

  @Test
  void aSuccessIsReportedWithItsDuration() {
    assertThat(eventsOfASuccessTaking(Duration.ofSeconds(42)))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.reason()).isEqualTo("MigrationSucceeded");
              assertThat(e.message()).endsWith("succeeded in 42s");
            });
  }

  @Test
  void aRunShorterThanTheJobsOneSecondClockSaysUnderASecond() {
    assertThat(eventsOfASuccessTaking(Duration.ZERO))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).endsWith("succeeded in under 1s"));
  }

  /** The events of a run seen running, then complete {@code took} after its start. */
  private static List<MigrationEvent> eventsOfASuccessTaking(Duration took) {
    DatabaseMigration migration = migration("orders", A);
    Job job = withStatus(jobFor(migration), complete(T0, T0.plus(took)));
    migration.setStatus(
        MigrationStatusAggregator.aggregate(
            migration,
            RunPlanner.plan(
                migration,
                List.of(withStatus(job, active(T0))),
                List.of(),
                T0,
                Duration.ofMinutes(5)),
            JobCreation.NOT_NEEDED,
            Map.of(),
            T0));
    return events(migration, List.of(job), List.of(), JobCreation.NOT_NEEDED);
  }

  @Test
  void aFailureIsAWarningWithoutTheDatabasesText() {
    DatabaseMigration migration = migration("orders", A);
    Job job =
        withStatus(jobFor(migration), failed(T0, T0.plusSeconds(3), "BackoffLimitExceeded", "m"));
    Pod pod =
        terminated(
            podOf(job, "p", T0),
            1,
            "Error",
            failedResult("3", "V3__x.sql", "23505", "Key (email)=(a@b.c) already exists"));
    assertThat(events(migration, List.of(job), List.of(pod), JobCreation.NOT_NEEDED))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.warning()).isTrue();
              assertThat(e.reason()).isEqualTo("MigrationFailed");
              assertThat(e.message())
                  .contains("BackoffLimitExceeded")
                  .contains("V3__x.sql")
                  .contains("23505")
                  .doesNotContain("a@b.c");
            });
  }

  @Test
  void nothingChangedNothingReported() {
    DatabaseMigration migration = migration("orders", A);
    Job job = withStatus(jobFor(migration), active(T0));
    List<Pod> pods = List.of(running(podOf(job, "p", T0)));
    RunPlan plan = RunPlanner.plan(migration, List.of(job), pods, T0, Duration.ofMinutes(5));
    migration.setStatus(
        MigrationStatusAggregator.aggregate(migration, plan, JobCreation.NOT_NEEDED, Map.of(), T0));
    assertThat(events(migration, List.of(job), pods, JobCreation.NOT_NEEDED)).isEmpty();
  }

  @Test
  void aJobFoundRunningAfterARestartIsReportedAsStarted() {
    DatabaseMigration migration = migration("orders", A);
    Job job = withStatus(jobFor(migration), active(T0));
    assertThat(
            events(
                migration,
                List.of(job),
                List.of(running(podOf(job, "p", T0))),
                JobCreation.NOT_NEEDED))
        .extracting(MigrationEvent::reason)
        .containsExactly("MigrationStarted");
  }

  @Test
  void anInvalidSpecIsReportedOnceUntilItsMessageChanges() {
    DatabaseMigration migration = migration("orders", "orders:1");
    List<MigrationEvent> first = events(migration, List.of(), List.of(), JobCreation.NOT_NEEDED);
    assertThat(first).extracting(MigrationEvent::reason).containsExactly("InvalidSpec");
    RunPlan plan = RunPlanner.plan(migration, List.of(), List.of(), T0, Duration.ofMinutes(5));
    migration.setStatus(
        MigrationStatusAggregator.aggregate(migration, plan, JobCreation.NOT_NEEDED, Map.of(), T0));
    assertThat(events(migration, List.of(), List.of(), JobCreation.NOT_NEEDED)).isEmpty();
    migration.getSpec().setImage("orders:2");
    assertThat(events(migration, List.of(), List.of(), JobCreation.NOT_NEEDED)).hasSize(1);
  }
}
