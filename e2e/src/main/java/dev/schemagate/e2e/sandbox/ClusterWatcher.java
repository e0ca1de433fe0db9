package dev.schemagate.e2e.sandbox;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Objects;
import java.util.Set;

/**
 * Puts what the product does on the timeline as it happens: the operator's and the webhook's
 * Events, and ReplicaSets created or scaled by the Deployment controller (a rollout).
 */
final class ClusterWatcher implements AutoCloseable {

  /** Event reasons worth a line; rollout events are shown once, from the Deployment. */
  private static final Set<String> MIGRATION_REASONS =
      Set.of("MigrationStarted", "MigrationSucceeded", "MigrationFailed");

  private static final Set<String> DEPLOYMENT_REASONS =
      Set.of("RolloutHeld", "RolloutReleased", "DatabaseMigrationNotFound");

  private final SharedIndexInformer<Event> events;
  private final SharedIndexInformer<ReplicaSet> replicaSets;

  ClusterWatcher(KubernetesClient client, String namespace, Timeline timeline) {
    this.events =
        client
            .v1()
            .events()
            .inNamespace(namespace)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Event event) {
                    show(event, timeline);
                  }

                  @Override
                  public void onUpdate(Event old, Event event) {
                    if (!Objects.equals(old.getCount(), event.getCount())) {
                      show(event, timeline);
                    }
                  }

                  @Override
                  public void onDelete(Event event, boolean unknown) {}
                });
    this.replicaSets =
        client
            .apps()
            .replicaSets()
            .inNamespace(namespace)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(ReplicaSet rs) {
                    timeline.line(
                        "cluster",
                        "rollout: ReplicaSet "
                            + rs.getMetadata().getName()
                            + " created with "
                            + rs.getSpec().getReplicas()
                            + " replicas of "
                            + Timeline.shortImage(image(rs)));
                  }

                  @Override
                  public void onUpdate(ReplicaSet old, ReplicaSet rs) {
                    if (!Objects.equals(old.getSpec().getReplicas(), rs.getSpec().getReplicas())) {
                      timeline.line(
                          "cluster",
                          "ReplicaSet "
                              + rs.getMetadata().getName()
                              + " ("
                              + Timeline.shortImage(image(rs))
                              + ") scaled "
                              + old.getSpec().getReplicas()
                              + " -> "
                              + rs.getSpec().getReplicas());
                    }
                  }

                  @Override
                  public void onDelete(ReplicaSet rs, boolean unknown) {}
                });
  }

  private static void show(Event event, Timeline timeline) {
    String kind = event.getInvolvedObject().getKind();
    String reason = event.getReason();
    boolean fromMigration = "DatabaseMigration".equals(kind) && MIGRATION_REASONS.contains(reason);
    boolean fromDeployment = "Deployment".equals(kind) && DEPLOYMENT_REASONS.contains(reason);
    if (!fromMigration && !fromDeployment) {
      return;
    }
    String actor = "DatabaseMigrationNotFound".equals(reason) ? "webhook" : "operator";
    timeline.line(
        actor,
        (event.getType().equals("Warning") ? "WARNING " : "")
            + reason
            + " on "
            + kind
            + " "
            + event.getInvolvedObject().getName()
            + ": "
            + shortImages(event.getMessage()));
  }

  /** Full image references in messages, shortened the way the timeline writes them. */
  static String shortImages(String message) {
    if (message == null) {
      return "";
    }
    return java.util.regex.Pattern.compile("[\\w.\\-/:]+@sha256:[0-9a-f]{64}")
        .matcher(message)
        .replaceAll(m -> java.util.regex.Matcher.quoteReplacement(Timeline.shortImage(m.group())));
  }

  private static String image(ReplicaSet rs) {
    return rs.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
  }

  @Override
  public void close() {
    events.close();
    replicaSets.close();
  }
}
