package dev.schemagate.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.DatabaseMigrationStatus;
import dev.schemagate.operator.api.GateSpec;
import dev.schemagate.operator.gate.GateTarget;
import dev.schemagate.operator.testutil.Fixtures;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@EnableKubernetesMockClient
class DatabaseMigrationLookupTest {

  static final String PATH =
      "/apis/schemagate.dev/v1alpha1/namespaces/shop/databasemigrations/orders";
  static final String V1 = Fixtures.image("orders", '1');

  KubernetesClient client;
  KubernetesMockServer server;

  @Test
  void readsTheSucceededImagesAndTheGateContainer() {
    DatabaseMigration migration = Fixtures.migration("orders", V1);
    GateSpec gate = new GateSpec();
    gate.setContainer("app");
    migration.getSpec().setGate(gate);
    DatabaseMigrationStatus status = new DatabaseMigrationStatus();
    status.setSucceededImages(List.of(V1));
    migration.setStatus(status);
    server.expect().get().withPath(PATH).andReturn(200, migration).once();

    Optional<GateTarget> target = new DatabaseMigrationLookup(client).find("shop", "orders");

    assertThat(target)
        .hasValueSatisfying(
            t -> {
              assertThat(t.allows(V1)).isTrue();
              assertThat(t.gateContainer()).isEqualTo("app");
            });
  }

  @Test
  void aMissingMigrationIsEmptyAndOneWithoutStatusAllowsNothing() {
    server.expect().get().withPath(PATH).andReturn(404, "").once();
    assertThat(new DatabaseMigrationLookup(client).find("shop", "orders")).isEmpty();

    server.expect().get().withPath(PATH).andReturn(200, Fixtures.migration("orders", V1)).once();
    assertThat(new DatabaseMigrationLookup(client).find("shop", "orders"))
        .hasValueSatisfying(t -> assertThat(t.allows(V1)).isFalse());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aSlowApiServerIsAnErrorNotAWait() {
    // Longer than the lookup's own request timeout: the webhook answers 500 and the API server
    // applies the failurePolicy, instead of the call hanging until the webhook's timeout.
    server
        .expect()
        .get()
        .delay(30, TimeUnit.SECONDS)
        .withPath(PATH)
        .andReturn(200, Fixtures.migration("orders", V1))
        .always();

    assertThatThrownBy(() -> new DatabaseMigrationLookup(client).find("shop", "orders"))
        .isInstanceOf(KubernetesClientException.class);
  }

  @Test
  void anErrorIsPassedOnForTheFailurePolicy() {
    server.expect().get().withPath(PATH).andReturn(503, "unavailable").always();

    assertThatThrownBy(() -> new DatabaseMigrationLookup(client).find("shop", "orders"))
        .isInstanceOf(KubernetesClientException.class);
  }
}
