package dev.schemagate.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemagate.e2e.testutil.Scenario;
import dev.schemagate.operator.api.Phase;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two DatabaseMigrations for one database and schema (an API and a worker built from the same
 * source): their Jobs start together, the migrator's advisory lock makes them take turns, and the
 * second finds everything applied.
 */
class SharedDatabaseIT {

  @Test
  void twoMigrationsOfOneDatabaseTakeTurnsThroughTheLock() {
    Scenario s = Scenario.create("shared");
    String image =
        s.image(
            "shop",
            '1',
            RolloutIT.files(
                "V1__customers.sql",
                RolloutIT.V1_SQL,
                "V2__slow_orders.sql",
                "SELECT pg_sleep(2);\nCREATE TABLE orders (id bigint PRIMARY KEY);",
                "V3__audit.sql",
                "CREATE TABLE audit (at timestamptz DEFAULT now());"));

    s.createMigration("shop-api", image);
    s.createMigration("shop-worker", image);

    s.awaitPhase("shop-api", Phase.Succeeded, image);
    s.awaitPhase("shop-worker", Phase.Succeeded, image);
    assertThat(s.history()).as("each version applied exactly once").containsExactly("1", "2", "3");
    Job api = s.jobs("shop-api").getFirst();
    Job worker = s.jobs("shop-worker").getFirst();
    JsonNode first = s.result(api);
    JsonNode second = s.result(worker);
    assertThat(List.of(first.path("status").asText(), second.path("status").asText()))
        .containsOnly("success");
    assertThat(first.path("appliedCount").asInt() + second.path("appliedCount").asInt())
        .as("what one applied the other found applied")
        .isEqualTo(3);
    assertThat(s.tables()).contains("customers", "orders", "audit");
  }
}
