package dev.schemagate.operator.controller;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.DatabaseMigrationStatus;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Objects;

/**
 * Writes the status subresource when, and only when, it changed.
 *
 * <p>The write is a JSON Patch (RFC 6902) computed against the status this reconcile started from,
 * carrying that resourceVersion: a concurrent change fails with 409 and JOSDK retries the
 * reconcile. Not server-side apply (the Fabric8 mock answers 415) and not a JSON merge patch: a
 * merge patch needs explicit nulls to remove fields, and the mock's merge implementation appends to
 * arrays instead of replacing them, which would duplicate conditions. The written resource goes
 * into JOSDK's cache so the next reconcile starts from it.
 */
final class StatusWriter {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private StatusWriter() {}

  static void writeIfChanged(
      DatabaseMigration migration,
      DatabaseMigrationStatus next,
      Context<DatabaseMigration> context) {
    if (sameContent(migration.getStatus(), next)) {
      return;
    }
    DatabaseMigration base =
        context
            .getControllerConfiguration()
            .getConfigurationService()
            .getResourceCloner()
            .clone(migration);
    DatabaseMigration written =
        context
            .getClient()
            .resource(base)
            .editStatus(
                resource -> {
                  resource.setStatus(next);
                  return resource;
                });
    context
        .eventSourceRetriever()
        .getControllerEventSource()
        .handleRecentResourceUpdate(ResourceID.fromResource(migration), written, migration);
  }

  static boolean sameContent(DatabaseMigrationStatus a, DatabaseMigrationStatus b) {
    JsonNode left = a == null ? null : SERIALIZATION.convertValue(a, JsonNode.class);
    JsonNode right = b == null ? null : SERIALIZATION.convertValue(b, JsonNode.class);
    return Objects.equals(left, right);
  }
}
