package dev.schemagate.operator.webhook;

import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.DatabaseMigrationStatus;
import dev.schemagate.operator.api.GateSpec;
import dev.schemagate.operator.gate.GateTarget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import java.time.Duration;
import java.util.Optional;

/**
 * The webhook's {@link GateState}: a direct GET of the DatabaseMigration for every judged write,
 * never an informer cache that could lag behind a just-recorded success (or failure). The request
 * has its own short timeout and no client-side retries, so an unreachable API server turns into an
 * HTTP 500 well within the webhook's {@code timeoutSeconds}, and the API server applies the
 * configured failurePolicy.
 */
public final class DatabaseMigrationLookup implements GateState {

  /** Below the webhook's default timeout of 5 s, leaving time to answer. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

  private final KubernetesClient client;

  public DatabaseMigrationLookup(KubernetesClient client) {
    this.client =
        client
            .newClient(
                new RequestConfigBuilder()
                    .withRequestTimeout((int) REQUEST_TIMEOUT.toMillis())
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .adapt(KubernetesClient.class);
  }

  @Override
  public Optional<GateTarget> find(String namespace, String migrationName) {
    DatabaseMigration migration =
        client
            .resources(DatabaseMigration.class)
            .inNamespace(namespace)
            .withName(migrationName)
            .get();
    if (migration == null) {
      return Optional.empty();
    }
    DatabaseMigrationStatus status = migration.getStatus();
    GateSpec gate = migration.getSpec() == null ? null : migration.getSpec().getGate();
    return Optional.of(
        new GateTarget(
            status == null ? null : status.getSucceededImages(),
            gate == null ? null : gate.getContainer()));
  }
}
