package dev.schemagate.operator.webhook;

/**
 * Records a Warning Event on a Deployment (today: {@code DatabaseMigrationNotFound}).
 *
 * <p>Implemented by the operator. The webhook calls it off the request path (see {@link
 * AsyncEventSink}), never for dry-run requests, so an implementation may block briefly on the API.
 */
@FunctionalInterface
public interface DeploymentEventSink {

  void warning(DeploymentRef deployment, String reason, String message);

  DeploymentEventSink NONE = (deployment, reason, message) -> {};
}
