package dev.schemagate.operator.controller;

import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.SchemagateConstants;
import dev.schemagate.operator.migration.KubeTime;
import dev.schemagate.operator.status.MigrationEvent;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events (what {@code kubectl describe} shows) on DatabaseMigrations and on gated
 * Deployments.
 */
public final class EventRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final String instance;

  public EventRecorder(KubernetesClient client, Clock clock, String instance) {
    this.client = client;
    this.clock = clock;
    this.instance = instance;
  }

  /** Best effort: an Event that cannot be written is logged, never fails the reconcile. */
  public void record(DatabaseMigration migration, MigrationEvent event) {
    record(
        new ObjectReferenceBuilder()
            .withApiVersion(migration.getApiVersion())
            .withKind(migration.getKind())
            .withName(migration.getMetadata().getName())
            .withNamespace(migration.getMetadata().getNamespace())
            .withUid(migration.getMetadata().getUid())
            .withResourceVersion(migration.getMetadata().getResourceVersion())
            .build(),
        event);
  }

  /**
   * An Event on a Deployment, best effort like {@link #record(DatabaseMigration, MigrationEvent)}.
   *
   * @param uid null when not known (an admission request that creates the Deployment)
   */
  public void recordOnDeployment(String namespace, String name, String uid, MigrationEvent event) {
    record(
        new ObjectReferenceBuilder()
            .withApiVersion("apps/v1")
            .withKind("Deployment")
            .withName(name)
            .withNamespace(namespace)
            .withUid(uid)
            .build(),
        event);
  }

  private void record(ObjectReference involved, MigrationEvent event) {
    String namespace = involved.getNamespace();
    String now = KubeTime.format(clock.instant());
    Event kubeEvent =
        new EventBuilder()
            .withNewMetadata()
            // Unique like client-go's: the object's name and a random suffix.
            .withName(
                involved.getName()
                    + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE))
            .withNamespace(namespace)
            .endMetadata()
            .withInvolvedObject(involved)
            .withType(event.warning() ? "Warning" : "Normal")
            .withReason(event.reason())
            .withMessage(event.message())
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(SchemagateConstants.COMPONENT)
            .endSource()
            .withReportingComponent(SchemagateConstants.GROUP + "/operator")
            .withReportingInstance(instance)
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(kubeEvent).create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "Could not record event {} on {} {} ({}): {}",
          event.reason(),
          involved.getKind(),
          involved.getName(),
          event.message(),
          e.getMessage());
    }
  }
}
