package dev.schemagate.operator.gate;

import dev.schemagate.operator.status.MigrationEvent;

/**
 * An Event about one gated Deployment, recorded on the DatabaseMigration and on the Deployment.
 *
 * @param deployment the Deployment's name
 * @param deploymentUid its uid (null when unknown: then it is recorded on the migration only)
 */
public record GateEvent(String deployment, String deploymentUid, MigrationEvent event) {}
