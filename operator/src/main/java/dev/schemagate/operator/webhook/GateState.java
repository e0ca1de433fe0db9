package dev.schemagate.operator.webhook;

import dev.schemagate.operator.gate.GateTarget;
import java.util.Optional;

/**
 * Looks up the DatabaseMigration that gates a Deployment.
 *
 * <p>Implemented by the operator. The implementation must read fresh state (a direct GET, or a
 * cache known to be synced), never a stale one: the webhook's answer is the guarantee that no
 * rollout starts to an unmigrated image. It must also answer well within the webhook's {@code
 * timeoutSeconds} (give the GET a request timeout of a few seconds).
 */
@FunctionalInterface
public interface GateState {

  /**
   * @return the DatabaseMigration's gate data, or empty when no such DatabaseMigration exists
   * @throws RuntimeException when the state cannot be read; the webhook then answers with an HTTP
   *     error and the API server applies the webhook's {@code failurePolicy}
   */
  Optional<GateTarget> find(String namespace, String migrationName);
}
