package dev.schemagate.operator.controller;

import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.gate.GateAction;
import dev.schemagate.operator.migration.DurationFormat;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes calls on one DatabaseMigration's gated Deployments: fresh reads of Deployments
 * that left the informer's selection, and the gate's JSON patches (no server-side apply), each fed
 * back into the informer's cache so the next reconcile sees it.
 */
final class GatedDeployments {

  private static final Logger LOG = LoggerFactory.getLogger(GatedDeployments.class);

  private final KubernetesClient client;
  private final InformerEventSource<Deployment, DatabaseMigration> cache;
  private final String namespace;
  private final ResourceID primaryId;

  GatedDeployments(
      KubernetesClient client,
      InformerEventSource<Deployment, DatabaseMigration> cache,
      DatabaseMigration migration) {
    this.client = client;
    this.cache = cache;
    this.namespace = migration.getMetadata().getNamespace();
    this.primaryId = ResourceID.fromResource(migration);
  }

  /** Each named Deployment as the API server has it now; empty when it does not exist. */
  Map<String, Optional<Deployment>> lookUp(List<String> names) {
    Map<String, Optional<Deployment>> found = new LinkedHashMap<>();
    for (String name : names) {
      found.put(
          name,
          Optional.ofNullable(
              client.apps().deployments().inNamespace(namespace).withName(name).get()));
    }
    return found;
  }

  /**
   * Applies one patch.
   *
   * @return false when the Deployment changed (a guard failed) or vanished since it was read: the
   *     change that did it arrives as an informer event and the gate is judged again then
   */
  boolean apply(GateAction action) {
    Deployment patched;
    try {
      patched =
          client
              .apps()
              .deployments()
              .inNamespace(namespace)
              .resource(PatchTarget.named(new Deployment(), namespace, action.deployment()))
              .patch(PatchContext.of(PatchType.JSON), action.patch().toString());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 422
          || e.getCode() == HttpURLConnection.HTTP_CONFLICT
          || e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        LOG.info(
            "Deployment {}/{} changed while the gate acted on it ({} skipped, HTTP {}); judging it"
                + " again on its next event, or in {}",
            namespace,
            action.deployment(),
            action.kind(),
            e.getCode(),
            DurationFormat.format(RolloutGate.RETRY_REFUSED_AFTER));
        return false;
      }
      throw e;
    }
    // An unlabelled Deployment is not in the (label-selected) cache, and must not be put there.
    cache
        .get(new ResourceID(action.deployment(), namespace))
        .ifPresent(before -> cache.handleRecentResourceUpdate(primaryId, patched, before));
    report(action);
    return true;
  }

  private void report(GateAction action) {
    switch (action.kind()) {
      case RELEASE ->
          LOG.info(
              "Released Deployment {}/{}: image {} has a successful migration",
              namespace,
              action.deployment(),
              action.image());
      case RELEASE_UNGATED ->
          LOG.info(
              "Released Deployment {}/{}: its gate label was removed",
              namespace,
              action.deployment());
      case HOLD ->
          LOG.warn(
              "Held Deployment {}/{} after the fact: image {} has no successful migration and the"
                  + " admission webhook did not pause it (backstop, best effort: the rollout may"
                  + " have started)",
              namespace,
              action.deployment(),
              action.image());
      case REMARK ->
          LOG.info(
              "Deployment {}/{} stays held, now for image {}",
              namespace,
              action.deployment(),
              action.image());
    }
  }
}
