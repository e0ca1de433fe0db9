package dev.schemagate.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.e2e.testutil.Scenario;
import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.DeploymentGateStatus.State;
import dev.schemagate.operator.api.FailureDetails;
import dev.schemagate.operator.api.Phase;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Upgrades of a running app through the whole product: an upgrade with new migrations, a failing
 * migration, a fix forward and a rollback. Each starts from v1 installed and serving.
 */
class RolloutIT {

  static final String V1_SQL = "CREATE TABLE customers (id bigint PRIMARY KEY, email text);";
  static final String V2_SQL =
      "SELECT pg_sleep(2);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);";

  /** Refers to a table that does not exist: SQLSTATE 42P01 on line 2. */
  static final String V2_BROKEN_SQL =
      "CREATE TABLE orders (id bigint PRIMARY KEY);\nALTER TABLE order_linez ADD COLUMN note text;";

  @Test
  void anUpgradeIsHeldUntilItsMigrationSucceededThenRollsOut() {
    Scenario s = Scenario.create("upgrade");
    String v1 = s.image("orders", '1', files("V1__customers.sql", V1_SQL));
    String v2 =
        s.image("orders", '2', files("V1__customers.sql", V1_SQL, "V2__orders.sql", V2_SQL));
    install(s, v1);

    Deployment held = s.setDeploymentImage("orders", v2);
    s.setMigrationImage("orders", v2);

    assertThat(held.getSpec().getPaused()).as("held in the update request").isTrue();
    assertThat(held.getMetadata().getAnnotations()).containsEntry("schemagate.dev/held-for", v2);
    s.awaitEvent("RolloutHeld", "Deployment");
    s.awaitPhase("orders", Phase.Running, v2);
    await()
        .until(
            () ->
                s.migration("orders").getStatus().getDeployments().stream()
                    .anyMatch(d -> d.getImage().equals(v2) && d.getState() == State.Held));
    assertThat(s.replicaSetFor("orders", v2)).as("no ReplicaSet for v2 while it migrates").isNull();
    assertThat(s.servingImages("orders")).containsExactly(v1);

    DatabaseMigration done = s.awaitPhase("orders", Phase.Succeeded, v2);

    await().until(() -> s.replicaSetFor("orders", v2) != null);
    ReplicaSet rolledOut = s.replicaSetFor("orders", v2);
    assertThat(Instant.parse(rolledOut.getMetadata().getCreationTimestamp()))
        .as("the new ReplicaSet appears only after the migration completed")
        .isAfterOrEqualTo(Instant.parse(done.getStatus().getCompletionTime()));
    await().untilAsserted(() -> assertThat(s.servingImages("orders")).containsExactly(v2));
    assertThat(s.deployment("orders").getSpec().getPaused()).isNotEqualTo(Boolean.TRUE);
    s.awaitEvent("RolloutReleased", "Deployment");
    assertThat(done.getStatus().getSucceededImages()).containsExactly(v2, v1);
    assertThat(s.history()).containsExactly("1", "2");
    assertThat(s.tables()).contains("customers", "orders");
  }

  @Test
  void aFailingMigrationHoldsTheRolloutAndNamesTheFileAndSqlState() {
    Scenario s = Scenario.create("failure");
    String v1 = s.image("orders", '1', files("V1__customers.sql", V1_SQL));
    String v2 =
        s.image("orders", '2', files("V1__customers.sql", V1_SQL, "V2__orders.sql", V2_BROKEN_SQL));
    install(s, v1);

    failUpgrade(s, v2);

    FailureDetails failure = s.migration("orders").getStatus().getFailure();
    assertThat(failure.getMigration()).isEqualTo("V2__orders.sql");
    assertThat(failure.getSqlState()).isEqualTo("42P01");
    assertThat(failure.getReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(failure.getMessage()).contains("order_linez");
    Event event = s.awaitEvent("MigrationFailed", "DatabaseMigration");
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getMessage()).contains("V2__orders.sql").contains("42P01");
    assertThat(event.getMessage())
        .as("events never carry the password")
        .doesNotContain(s.database().password());

    Deployment stillHeld = s.deployment("orders");
    assertThat(stillHeld.getSpec().getPaused()).isTrue();
    assertThat(stillHeld.getMetadata().getAnnotations())
        .containsEntry("schemagate.dev/held-for", v2);
    assertThat(s.servingImages("orders")).as("the old version keeps serving").containsExactly(v1);
    assertThat(s.replicaSetFor("orders", v1).getSpec().getReplicas()).isEqualTo(2);
    assertThat(s.replicaSetFor("orders", v2)).isNull();
    assertThat(s.history()).as("the failed migration left nothing behind").containsExactly("1");
    assertThat(s.tables()).doesNotContain("orders");
  }

  @Test
  void aFixForwardImageReleasesTheHeldRollout() {
    Scenario s = Scenario.create("fixforward");
    String v1 = s.image("orders", '1', files("V1__customers.sql", V1_SQL));
    String broken =
        s.image("orders", '2', files("V1__customers.sql", V1_SQL, "V2__orders.sql", V2_BROKEN_SQL));
    String fixed =
        s.image(
            "orders",
            '3',
            files(
                "V1__customers.sql",
                V1_SQL,
                "V2__orders.sql",
                "CREATE TABLE orders (id bigint PRIMARY KEY);\n"
                    + "CREATE TABLE order_lines (order_id bigint REFERENCES orders, note text);"));
    install(s, v1);
    failUpgrade(s, broken);

    Deployment stillHeld = s.setDeploymentImage("orders", fixed);
    assertThat(stillHeld.getSpec().getPaused()).isTrue();
    assertThat(stillHeld.getMetadata().getAnnotations())
        .containsEntry("schemagate.dev/held-for", fixed);
    s.setMigrationImage("orders", fixed);

    s.awaitPhase("orders", Phase.Succeeded, fixed);
    await().untilAsserted(() -> assertThat(s.servingImages("orders")).containsExactly(fixed));
    assertThat(s.replicaSetFor("orders", broken))
        .as("the broken version never rolled out")
        .isNull();
    assertThat(s.deployment("orders").getMetadata().getAnnotations())
        .doesNotContainKey("schemagate.dev/held-for");
    assertThat(s.migration("orders").getStatus().getFailure()).isNull();
    assertThat(s.history()).containsExactly("1", "2");
    assertThat(s.tables()).contains("orders", "order_lines");
    assertThat(s.jobs("orders")).hasSize(3);
  }

  @Test
  void aRollbackToAMigratedImagePassesAtOnce() {
    Scenario s = Scenario.create("rollback");
    String v1 = s.image("orders", '1', files("V1__customers.sql", V1_SQL));
    String v2 =
        s.image(
            "orders",
            '2',
            files(
                "V1__customers.sql",
                V1_SQL,
                "V2__orders.sql",
                "CREATE TABLE orders (id bigint PRIMARY KEY);"));
    install(s, v1);
    s.setDeploymentImage("orders", v2);
    s.setMigrationImage("orders", v2);
    s.awaitPhase("orders", Phase.Succeeded, v2);
    await().untilAsserted(() -> assertThat(s.servingImages("orders")).containsExactly(v2));
    int jobs = s.jobs("orders").size();

    Deployment rolledBack = s.setDeploymentImage("orders", v1);

    assertThat(rolledBack.getSpec().getPaused())
        .as("not held: v1 was migrated")
        .isNotEqualTo(Boolean.TRUE);
    assertThat(rolledBack.getMetadata().getAnnotations())
        .doesNotContainKey("schemagate.dev/held-for");
    await().untilAsserted(() -> assertThat(s.servingImages("orders")).containsExactly(v1));
    assertThat(s.replicaSets("orders")).as("the old ReplicaSet serves again").hasSize(2);
    assertThat(s.jobs("orders")).as("no migration runs for a rollback").hasSize(jobs);
    assertThat(s.history()).as("the schema stays forward").containsExactly("1", "2");
  }

  /** v1 migrated, then its Deployment (2 replicas) created and serving. */
  static void install(Scenario s, String v1) {
    s.createMigration("orders", v1);
    s.awaitPhase("orders", Phase.Succeeded, v1);
    Deployment created = s.createDeployment("orders", v1, "orders", 2);
    assertThat(created.getSpec().getPaused()).isNotEqualTo(Boolean.TRUE);
    await().untilAsserted(() -> assertThat(s.servingImages("orders")).containsExactly(v1));
  }

  /** Deployment and DatabaseMigration to an image whose migration fails. */
  static void failUpgrade(Scenario s, String image) {
    Deployment held = s.setDeploymentImage("orders", image);
    assertThat(held.getSpec().getPaused()).isTrue();
    s.setMigrationImage("orders", image);
    s.awaitPhase("orders", Phase.Failed, image);
    await()
        .until(
            () ->
                s.jobs("orders").stream()
                    .anyMatch(
                        j ->
                            "Failed"
                                .equals(
                                    j.getMetadata()
                                        .getAnnotations()
                                        .get("schemagate.dev/recorded-outcome"))));
  }

  static Map<String, String> files(String... nameAndSql) {
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < nameAndSql.length; i += 2) {
      files.put(nameAndSql[i], nameAndSql[i + 1]);
    }
    return files;
  }
}
