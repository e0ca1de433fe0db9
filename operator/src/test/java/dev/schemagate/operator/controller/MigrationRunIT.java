package dev.schemagate.operator.controller;

import static dev.schemagate.operator.testutil.Fixtures.image;
import static dev.schemagate.operator.testutil.Fixtures.newMigration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.DatabaseMigrationStatus;
import dev.schemagate.operator.api.Phase;
import dev.schemagate.operator.api.SchemagateConstants.Annotations;
import dev.schemagate.operator.migration.MigrationJobFactory;
import dev.schemagate.operator.runtime.SchemagateOperator;
import dev.schemagate.operator.runtime.Settings;
import dev.schemagate.operator.status.Conditions;
import dev.schemagate.operator.testutil.ClusterSimulator;
import dev.schemagate.operator.testutil.JobStates;
import dev.schemagate.operator.testutil.MockCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real operator against the mock API server: the life of migration runs. */
class MigrationRunIT {

  static final String A = image("orders", 'a');
  static final String B = image("orders", 'b');

  static MockCluster cluster;
  static SchemagateOperator operator;
  static ClusterSimulator kubelet;

  String namespace;

  @BeforeAll
  static void startOperator() {
    Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
    Awaitility.setDefaultPollInterval(Duration.ofMillis(100));
    cluster = MockCluster.start();
    kubelet = new ClusterSimulator(cluster);
    operator = SchemagateOperator.start(cluster.client(), Settings.forTests());
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.stop();
    }
    cluster.close();
  }

  @BeforeEach
  void newNamespace() {
    namespace = cluster.newNamespace("run");
  }

  @Test
  void aNewMigrationGetsExactlyOneJobAndIsPending() {
    DatabaseMigration created = cluster.create(newMigration(namespace, "orders", A));

    Job job = awaitJobs(1).getFirst();
    assertThat(job.getMetadata().getName()).startsWith("orders-").hasSize("orders-".length() + 8);
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(created.getMetadata().getUid()));
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");

    DatabaseMigrationStatus status =
        awaitStatus("orders", s -> assertThat(s.getPhase()).isEqualTo(Phase.Pending));
    assertThat(status.getJobName()).isEqualTo(job.getMetadata().getName());
    assertThat(status.getObservedGeneration()).isEqualTo(created.getMetadata().getGeneration());
    assertThat(condition(status, "Reconciling").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("False");
    assertThat(status.getConditions()).hasSize(3);
    awaitEvent("MigrationStarted");
    assertThat(cluster.jobs(namespace)).hasSize(1);
  }

  @Test
  void aCompletedJobMakesTheMigrationReady() {
    cluster.create(newMigration(namespace, "orders", A));
    Job job = awaitJobs(1).getFirst();
    Pod pod = kubelet.startPod(job);
    awaitStatus("orders", s -> assertThat(s.getPhase()).isEqualTo(Phase.Running));

    kubelet.complete(job, pod);

    DatabaseMigrationStatus status =
        awaitStatus("orders", s -> assertThat(s.getPhase()).isEqualTo(Phase.Succeeded));
    assertThat(status.getSucceededImages()).containsExactly(A);
    assertThat(status.getCompletionTime()).isNotNull();
    assertThat(status.getFailure()).isNull();
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Reconciling").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Stalled").getStatus()).isEqualTo("False");
    Event succeeded = awaitEvent("MigrationSucceeded");
    assertThat(succeeded.getInvolvedObject().getName()).isEqualTo("orders");
    assertThat(succeeded.getType()).isEqualTo("Normal");
    await()
        .untilAsserted(
            () ->
                assertThat(cluster.jobs(namespace).getFirst().getMetadata().getAnnotations())
                    .containsEntry(Annotations.RECORDED_OUTCOME, "Succeeded"));
    assertThat(operator.meterRegistry().scrape())
        .containsPattern("schemagate_migration_runs_total\\{result=\"succeeded\"\\} [1-9]")
        .containsPattern("schemagate_migration_run_duration_seconds_count [1-9]")
        .contains("operator_sdk_reconciliations_started_total")
        .contains("operator_sdk_controllers_execution_reconcile_seconds_count");
    assertThat(cluster.jobs(namespace)).hasSize(1);
  }

  @Test
  void aFailedJobStallsWithTheMigratorsResultAndTheLogTailAndIsNotRetried() {
    cluster.create(newMigration(namespace, "orders", A));
    Job job = awaitJobs(1).getFirst();
    Pod pod =
        kubelet.startPod(
            job, "applying V3__add_index.sql\nERROR: relation \"orderz\" does not exist\n");

    kubelet.fail(
        job,
        pod,
        JobStates.failedResult("3", "V3__add_index.sql", "42P01", "relation does not exist"));

    DatabaseMigrationStatus status =
        awaitStatus("orders", s -> assertThat(s.getPhase()).isEqualTo(Phase.Failed));
    assertThat(status.getFailure().getReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(status.getFailure().getMigration()).isEqualTo("V3__add_index.sql");
    assertThat(status.getFailure().getSqlState()).isEqualTo("42P01");
    assertThat(status.getFailure().getMessage()).isEqualTo("relation does not exist");
    assertThat(status.getFailure().getLogTail())
        .isEqualTo("applying V3__add_index.sql\nERROR: relation \"orderz\" does not exist");
    assertThat(condition(status, "Stalled").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Reconciling").getStatus()).isEqualTo("False");
    assertThat(awaitEvent("MigrationFailed").getType()).isEqualTo("Warning");
    await()
        .untilAsserted(
            () ->
                assertThat(cluster.jobs(namespace).getFirst().getMetadata().getAnnotations())
                    .containsEntry(Annotations.RECORDED_OUTCOME, "Failed"));
    assertThat(cluster.jobs(namespace)).hasSize(1);
  }

  @Test
  void aNewImageWaitsForTheRunningJobThenGetsItsOwn() {
    cluster.create(newMigration(namespace, "orders", A));
    Job first = awaitJobs(1).getFirst();
    Pod pod = kubelet.startPod(first);
    awaitStatus("orders", s -> assertThat(s.getPhase()).isEqualTo(Phase.Running));

    editMigration("orders", m -> m.getSpec().setImage(B));

    DatabaseMigrationStatus waiting =
        awaitStatus(
            "orders",
            s -> assertThat(condition(s, "Ready").getReason()).isEqualTo("WaitingForPreviousRun"));
    assertThat(waiting.getImage()).isEqualTo(A);
    assertThat(waiting.getObservedGeneration()).isEqualTo(2L);
    assertThat(cluster.jobs(namespace)).hasSize(1);

    kubelet.complete(first, pod);

    List<Job> jobs = awaitJobs(2);
    Job second =
        jobs.stream()
            .filter(j -> !j.getMetadata().getName().equals(first.getMetadata().getName()))
            .findFirst()
            .orElseThrow();
    assertThat(second.getMetadata().getAnnotations()).containsEntry(Annotations.IMAGE, B);
    assertThat(second.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
        .isEqualTo(B);
    DatabaseMigrationStatus status =
        awaitStatus(
            "orders", s -> assertThat(s.getJobName()).isEqualTo(second.getMetadata().getName()));
    assertThat(status.getPhase()).isEqualTo(Phase.Pending);
    assertThat(status.getImage()).isEqualTo(B);
    assertThat(status.getSucceededImages()).containsExactly(A);
  }

  @Test
  void theRetryAnnotationStartsANewRunOfTheSameImage() {
    cluster.create(newMigration(namespace, "orders", A));
    Job first = awaitJobs(1).getFirst();
    // The pod's log is gone: the termination message (the log end) stands in for it.
    Pod pod = kubelet.startPod(first, null);
    kubelet.fail(first, pod, "Exception in thread \"main\" java.net.ConnectException");
    DatabaseMigrationStatus failed =
        awaitStatus("orders", s -> assertThat(s.getPhase()).isEqualTo(Phase.Failed));
    assertThat(failed.getFailure().getLogTail()).contains("ConnectException");

    editMigration("orders", m -> m.getMetadata().getAnnotations().put(Annotations.RETRY, "1"));

    List<Job> jobs = awaitJobs(2);
    assertThat(jobs)
        .extracting(j -> j.getMetadata().getAnnotations().get(Annotations.IMAGE))
        .containsOnly(A);
    DatabaseMigrationStatus retried =
        awaitStatus("orders", s -> assertThat(s.getPhase()).isEqualTo(Phase.Pending));
    assertThat(retried.getFailure()).isNull();
    assertThat(condition(retried, "Stalled").getStatus()).isEqualTo("False");
    assertThat(retried.getJobName()).isNotEqualTo(first.getMetadata().getName());
  }

  @Test
  void finishedJobsBeyondTheHistoryLimitAreDeleted() {
    DatabaseMigration migration = newMigration(namespace, "orders", A);
    migration.getSpec().setHistoryLimit(1);
    cluster.create(migration);
    Job first = awaitJobs(1).getFirst();
    kubelet.complete(first, kubelet.startPod(first));
    awaitStatus("orders", s -> assertThat(s.getPhase()).isEqualTo(Phase.Succeeded));

    editMigration("orders", m -> m.getSpec().setImage(B));
    Job second =
        await()
            .until(
                () ->
                    cluster.jobs(namespace).stream()
                        .filter(
                            j -> B.equals(j.getMetadata().getAnnotations().get(Annotations.IMAGE)))
                        .findFirst(),
                java.util.Optional::isPresent)
            .orElseThrow();
    assertThat(cluster.jobs(namespace)).hasSize(2); // the first is finished but the second runs
    kubelet.complete(second, kubelet.startPod(second));

    await()
        .untilAsserted(
            () ->
                assertThat(cluster.jobs(namespace))
                    .extracting(j -> j.getMetadata().getName())
                    .containsExactly(second.getMetadata().getName()));
    DatabaseMigrationStatus status =
        awaitStatus("orders", s -> assertThat(s.getPhase()).isEqualTo(Phase.Succeeded));
    assertThat(status.getSucceededImages()).containsExactly(B, A);
  }

  @Test
  void anImageWithoutDigestStallsWithAClearMessageAndNoJob() {
    cluster.create(newMigration(namespace, "orders", "registry.example.com/shop/orders:1.4.2"));

    DatabaseMigrationStatus status =
        awaitStatus(
            "orders", s -> assertThat(condition(s, "Stalled").getStatus()).isEqualTo("True"));
    Condition stalled = condition(status, "Stalled");
    assertThat(stalled.getReason()).isEqualTo("InvalidSpec");
    assertThat(stalled.getMessage())
        .contains("spec.image must be pinned by digest")
        .contains("registry.example.com/shop/orders:1.4.2");
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("False");
    assertThat(awaitEvent("InvalidSpec").getType()).isEqualTo("Warning");
    assertThat(cluster.jobs(namespace)).isEmpty();
  }

  @Test
  void anOrphanedJobOfTheRunIsAdoptedInsteadOfDuplicated() {
    DatabaseMigration migration = newMigration(namespace, "orders", A);
    Job orphan = MigrationJobFactory.desiredJob(migration);
    orphan.getMetadata().setOwnerReferences(null);
    cluster.client().resource(orphan).create();

    DatabaseMigration created = cluster.create(migration);

    await()
        .untilAsserted(
            () ->
                assertThat(cluster.jobs(namespace))
                    .singleElement()
                    .satisfies(
                        j ->
                            assertThat(j.getMetadata().getOwnerReferences())
                                .extracting(o -> o.getUid())
                                .containsExactly(created.getMetadata().getUid())));
    awaitStatus(
        "orders", s -> assertThat(s.getJobName()).isEqualTo(orphan.getMetadata().getName()));
  }

  @Test
  void aForeignJobWithTheRunsNameStallsTheMigration() {
    DatabaseMigration migration = newMigration(namespace, "orders", A);
    Job foreign = MigrationJobFactory.desiredJob(migration);
    foreign.getMetadata().getOwnerReferences().getFirst().setUid("someone-else");
    foreign.getMetadata().getOwnerReferences().getFirst().setKind("CronJob");
    cluster.client().resource(foreign).create();

    cluster.create(migration);

    DatabaseMigrationStatus status =
        awaitStatus(
            "orders",
            s -> assertThat(condition(s, "Stalled").getReason()).isEqualTo("JobNameConflict"));
    assertThat(condition(status, "Stalled").getMessage()).contains("controlled by CronJob");
    assertThat(cluster.jobs(namespace)).hasSize(1);
  }

  private List<Job> awaitJobs(int count) {
    return await().until(() -> cluster.jobs(namespace), jobs -> jobs.size() == count);
  }

  private DatabaseMigrationStatus awaitStatus(
      String name, Consumer<DatabaseMigrationStatus> check) {
    DatabaseMigrationStatus[] seen = new DatabaseMigrationStatus[1];
    await()
        .untilAsserted(
            () -> {
              DatabaseMigration migration = cluster.migration(namespace, name);
              assertThat(migration.getStatus()).isNotNull();
              check.accept(migration.getStatus());
              seen[0] = migration.getStatus();
            });
    return seen[0];
  }

  private Event awaitEvent(String reason) {
    return await().until(() -> cluster.events(namespace, reason), e -> !e.isEmpty()).getFirst();
  }

  private void editMigration(String name, Consumer<DatabaseMigration> change) {
    cluster
        .client()
        .resources(DatabaseMigration.class)
        .inNamespace(namespace)
        .withName(name)
        .edit(
            m -> {
              if (m.getMetadata().getAnnotations() == null) {
                m.getMetadata().setAnnotations(new java.util.HashMap<>());
              }
              change.accept(m);
              return m;
            });
  }

  static Condition condition(DatabaseMigrationStatus status, String type) {
    return Conditions.find(status.getConditions(), type);
  }
}
