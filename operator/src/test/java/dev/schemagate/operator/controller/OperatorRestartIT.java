package dev.schemagate.operator.controller;

import static dev.schemagate.operator.testutil.Fixtures.image;
import static dev.schemagate.operator.testutil.Fixtures.newMigration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.Phase;
import dev.schemagate.operator.migration.MigrationJobFactory;
import dev.schemagate.operator.runtime.SchemagateOperator;
import dev.schemagate.operator.runtime.Settings;
import dev.schemagate.operator.testutil.ClusterSimulator;
import dev.schemagate.operator.testutil.MockCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A new operator instance takes over runs the previous one started. */
class OperatorRestartIT {

  static final String A = image("orders", 'a');

  MockCluster cluster;
  ClusterSimulator kubelet;
  SchemagateOperator operator;
  String namespace;

  @BeforeEach
  void start() {
    Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
    cluster = MockCluster.start();
    kubelet = new ClusterSimulator(cluster);
    namespace = cluster.newNamespace("restart");
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.stop();
    }
    cluster.close();
  }

  @Test
  void aRestartMidRunKeepsOneJobAndTheStatusConverges() {
    operator =
        SchemagateOperator.start(cluster.client(), Settings.forTests().withIdentity("first"));
    cluster.create(newMigration(namespace, "orders", A));
    Job job = await().until(() -> cluster.jobs(namespace), jobs -> jobs.size() == 1).getFirst();
    Pod pod = kubelet.startPod(job);
    await().until(() -> phase() == Phase.Running);

    operator.stop();
    // While no operator runs, the migration finishes.
    kubelet.complete(job, pod);
    operator =
        SchemagateOperator.start(cluster.client(), Settings.forTests().withIdentity("second"));

    await().until(() -> phase() == Phase.Succeeded);
    assertThat(cluster.migration(namespace, "orders").getStatus().getSucceededImages())
        .containsExactly(A);
    assertThat(cluster.jobs(namespace)).hasSize(1);
    assertThat(cluster.events(namespace, "MigrationSucceeded")).hasSize(1);
    assertThat(cluster.events(namespace, "MigrationStarted")).hasSize(1);
  }

  @Test
  void aJobCreatedJustBeforeACrashIsAdoptedNotDuplicated() {
    // The previous instance created the Job and died before it wrote any status.
    DatabaseMigration migration = cluster.create(newMigration(namespace, "orders", A));
    Job job = cluster.client().resource(MigrationJobFactory.desiredJob(migration)).create();
    kubelet.startPod(job);

    operator = SchemagateOperator.start(cluster.client(), Settings.forTests());

    await().until(() -> phase() == Phase.Running);
    assertThat(cluster.migration(namespace, "orders").getStatus().getJobName())
        .isEqualTo(job.getMetadata().getName());
    assertThat(cluster.jobs(namespace)).hasSize(1);
    await().until(() -> cluster.events(namespace, "MigrationStarted").size() == 1);
  }

  private Phase phase() {
    DatabaseMigration migration = cluster.migration(namespace, "orders");
    return migration.getStatus() == null ? null : migration.getStatus().getPhase();
  }
}
