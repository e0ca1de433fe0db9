package dev.schemagate.operator.controller;

import static dev.schemagate.operator.testutil.Fixtures.image;
import static dev.schemagate.operator.testutil.Fixtures.newMigration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.DatabaseMigrationStatus;
import dev.schemagate.operator.api.Phase;
import dev.schemagate.operator.api.SchemagateConstants.Annotations;
import dev.schemagate.operator.runtime.SchemagateOperator;
import dev.schemagate.operator.runtime.Settings;
import dev.schemagate.operator.testutil.ClusterSimulator;
import dev.schemagate.operator.testutil.MockCluster;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A pod that cannot start fails the run after the grace period, through a timed recheck. */
class PodStartTimeoutIT {

  MockCluster cluster;
  SchemagateOperator operator;

  @BeforeEach
  void start() {
    cluster = MockCluster.start();
    operator =
        SchemagateOperator.start(
            cluster.client(), Settings.forTests().withPodStartTimeout(Duration.ofSeconds(2)));
  }

  @AfterEach
  void stop() {
    operator.stop();
    cluster.close();
  }

  @Test
  void aPodStuckPullingItsImageFailsTheRunAndStopsTheJob() {
    String namespace = cluster.newNamespace("stuck");
    cluster.create(newMigration(namespace, "orders", image("orders", 'a')));
    Job job =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> cluster.jobs(namespace), j -> j.size() == 1)
            .getFirst();
    new ClusterSimulator(cluster)
        .stuckPod(
            job, "ImagePullBackOff", "Back-off pulling image \"registry.example.com/shop/orders\"");

    // No further event arrives: only the operator's timed recheck can notice the grace period end.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              DatabaseMigration m = cluster.migration(namespace, "orders");
              return m.getStatus() != null && m.getStatus().getPhase() == Phase.Failed;
            });
    DatabaseMigrationStatus status = cluster.migration(namespace, "orders").getStatus();
    assertThat(status.getFailure().getReason()).isEqualTo("ImagePullBackOff");
    assertThat(status.getFailure().getMessage())
        .contains("did not start within 2s")
        .contains("Back-off pulling image");

    Job stopped = cluster.jobs(namespace).getFirst();
    assertThat(stopped.getSpec().getSuspend()).isTrue();
    assertThat(stopped.getMetadata().getAnnotations())
        .containsEntry(Annotations.FAILURE_REASON, "ImagePullBackOff");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> cluster.events(namespace, "MigrationFailed").size() == 1);
    assertThat(cluster.jobs(namespace)).hasSize(1);
  }
}
