package dev.schemagate.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.schemagate.e2e.testutil.Scenario;
import dev.schemagate.operator.api.Phase;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

/**
 * The operator stops while a migration runs (a crash, a node drain, a new operator version) and a
 * new instance starts: it adopts the running Job instead of starting another, and reports its
 * outcome once. While no operator runs, the webhook's failurePolicy Fail keeps gated rollouts out.
 */
class OperatorRestartIT {

  @Test
  void aNewOperatorAdoptsTheRunningJobAndConverges() {
    Scenario s = Scenario.create("restart");
    String image =
        s.image(
            "orders",
            '1',
            RolloutIT.files(
                "V1__customers.sql",
                RolloutIT.V1_SQL,
                "V2__slow.sql",
                "SELECT pg_sleep(4);\nCREATE TABLE orders (id bigint PRIMARY KEY);"));
    s.createMigration("orders", image);
    await()
        .until(
            () ->
                s.jobs("orders").size() == 1
                    && s.pods(s.jobs("orders").getFirst()).stream()
                        .anyMatch(OperatorRestartIT::running));

    s.stack().stopOperator();
    try {
      assertThatThrownBy(() -> s.createDeployment("orders", image, "orders", 1))
          .as("no gated rollout slips through while the webhook is down")
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(500);
                assertThat(e.getMessage()).contains("failed calling webhook");
              });
    } finally {
      s.stack().startOperator();
    }

    s.awaitPhase("orders", Phase.Succeeded, image);
    Job job = s.jobs("orders").getFirst();
    assertThat(s.jobs("orders")).as("the running Job was adopted, not repeated").hasSize(1);
    await()
        .until(
            () ->
                "Succeeded"
                    .equals(
                        s.jobs("orders")
                            .getFirst()
                            .getMetadata()
                            .getAnnotations()
                            .get("schemagate.dev/recorded-outcome")));
    assertThat(s.pods(job)).hasSize(1);
    assertThat(s.history()).containsExactly("1", "2");
    assertThat(s.events("MigrationSucceeded")).hasSize(1);
  }

  private static boolean running(Pod pod) {
    return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
  }
}
