package dev.schemagate.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.e2e.testutil.Scenario;
import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.Phase;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * First install: the app's Deployment is applied before its DatabaseMigration (as an unordered
 * {@code kubectl apply -f dir/} or a GitOps sync may do). The webhook holds it; nothing of the new
 * version runs until the migration has applied the schema.
 */
class FirstInstallIT {

  @Test
  void theDeploymentWaitsForItsFirstMigration() {
    Scenario s = Scenario.create("install");
    String v1 =
        s.image(
            "orders",
            '1',
            Map.of(
                "V1__create_orders.sql",
                "CREATE TABLE orders (id bigint PRIMARY KEY, total_cents integer NOT NULL);",
                "V2__create_lines.sql",
                "CREATE TABLE order_lines (order_id bigint REFERENCES orders, sku text);"));

    Deployment stored = s.createDeployment("orders", v1, "orders", 2);

    assertThat(stored.getSpec().getPaused()).as("held in the admission request itself").isTrue();
    assertThat(stored.getMetadata().getAnnotations()).containsEntry("schemagate.dev/held-for", v1);
    s.awaitEvent("DatabaseMigrationNotFound", "Deployment");
    await().until(() -> s.deployment("orders").getStatus() != null);
    assertThat(s.replicaSets("orders")).as("no rollout while held").isEmpty();

    s.createMigration("orders", v1);

    DatabaseMigration done = s.awaitPhase("orders", Phase.Succeeded, v1);
    assertThat(done.getStatus().getSucceededImages()).containsExactly(v1);
    await().untilAsserted(() -> assertThat(s.servingImages("orders")).containsExactly(v1));
    Deployment released = s.deployment("orders");
    assertThat(released.getSpec().getPaused()).isNotEqualTo(Boolean.TRUE);
    assertThat(released.getMetadata().getAnnotations())
        .doesNotContainKey("schemagate.dev/held-for");
    s.awaitEvent("RolloutReleased", "Deployment");

    assertThat(s.history()).containsExactly("1", "2");
    assertThat(s.tables())
        .containsExactlyInAnyOrder("orders", "order_lines", "schemagate_migrations");
    assertThat(s.jobs("orders")).hasSize(1);
  }
}
