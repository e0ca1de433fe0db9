package dev.schemagate.operator.webhook;

/**
 * Identifies the Deployment an admission request is about, for Events.
 *
 * @param uid null on CREATE (the object does not exist yet)
 */
public record DeploymentRef(String namespace, String name, String uid) {}
