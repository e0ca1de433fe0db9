package dev.schemagate.e2e.cluster.controllers;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the Deployment controller as far as the rollout gate needs it: while a Deployment is not
 * paused, its current pod template has a ReplicaSet ({@code <name>-<pod-template-hash>}) scaled to
 * {@code spec.replicas}, and every older ReplicaSet is scaled to 0 (a rollout that finishes at
 * once; pods are not simulated, ReplicaSets report their replicas ready). While it is paused,
 * nothing changes: the old ReplicaSet keeps serving. The Deployment's status tells which is the
 * case ({@code observedGeneration}, replica counts, {@code Progressing} with reason {@code
 * DeploymentPaused} or {@code NewReplicaSetAvailable}). Deleting a Deployment deletes its
 * ReplicaSets.
 */
public final class DeploymentController implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeploymentController.class);

  public static final String POD_TEMPLATE_HASH = "pod-template-hash";
  public static final String REVISION = "deployment.kubernetes.io/revision";

  private final KubernetesClient client;
  private final WorkQueue queue;
  private final SharedIndexInformer<Deployment> informer;

  public DeploymentController(KubernetesClient client) {
    this.client = client;
    this.queue = new WorkQueue("deployment-controller", this::reconcile);
    this.informer =
        client
            .apps()
            .deployments()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Deployment d) {
                    queue.add(key(d));
                  }

                  @Override
                  public void onUpdate(Deployment old, Deployment d) {
                    queue.add(key(d));
                  }

                  @Override
                  public void onDelete(Deployment d, boolean unknown) {
                    queue.add(key(d));
                  }
                });
  }

  private void reconcile(String key) {
    String[] parts = key.split("/", 2);
    String namespace = parts[0];
    Deployment deployment =
        client.apps().deployments().inNamespace(namespace).withName(parts[1]).get();
    List<ReplicaSet> all = client.apps().replicaSets().inNamespace(namespace).list().getItems();
    if (deployment == null) {
      all.stream()
          .filter(rs -> ownerName(rs).equals(Optional.of(parts[1])))
          .forEach(rs -> client.resource(rs).delete());
      return;
    }
    List<ReplicaSet> owned = all.stream().filter(rs -> ownedBy(rs, deployment)).toList();
    boolean paused = Boolean.TRUE.equals(deployment.getSpec().getPaused());
    int replicas = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
    String hash = TemplateHash.of(deployment.getSpec().getTemplate());
    Optional<ReplicaSet> current =
        owned.stream().filter(rs -> hash.equals(labels(rs).get(POD_TEMPLATE_HASH))).findFirst();
    if (!paused) {
      int revision = owned.stream().mapToInt(DeploymentController::revision).max().orElse(0);
      for (ReplicaSet rs : owned) {
        boolean isCurrent =
            current.isPresent()
                && rs.getMetadata().getName().equals(current.get().getMetadata().getName());
        scale(
            rs,
            isCurrent ? replicas : 0,
            isCurrent && revision(rs) < revision ? revision + 1 : null);
      }
      if (current.isEmpty()) {
        current = Optional.of(create(deployment, hash, replicas, revision + 1));
      }
    }
    writeStatus(deployment, desiredStatus(deployment, current, owned, paused, replicas));
  }

  private static DeploymentStatus desiredStatus(
      Deployment deployment,
      Optional<ReplicaSet> current,
      List<ReplicaSet> owned,
      boolean paused,
      int replicas) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    int total =
        paused
            ? owned.stream()
                .mapToInt(rs -> Objects.requireNonNullElse(rs.getSpec().getReplicas(), 0))
                .sum()
            : replicas;
    int updated =
        current
            .map(
                rs -> paused ? Objects.requireNonNullElse(rs.getSpec().getReplicas(), 0) : replicas)
            .orElse(0);
    DeploymentStatus previous = deployment.getStatus();
    DeploymentCondition available =
        condition(
            previous,
            "Available",
            total > 0 || replicas == 0,
            "MinimumReplicasAvailable",
            "Deployment has minimum availability.",
            now);
    DeploymentCondition progressing =
        paused
            ? condition(
                previous, "Progressing", false, "DeploymentPaused", "Deployment is paused", now)
            : condition(
                previous,
                "Progressing",
                true,
                "NewReplicaSetAvailable",
                "ReplicaSet \""
                    + current.map(rs -> rs.getMetadata().getName()).orElse("")
                    + "\" has successfully progressed.",
                now);
    return new DeploymentStatusBuilder()
        .withObservedGeneration(deployment.getMetadata().getGeneration())
        .withReplicas(total)
        .withUpdatedReplicas(updated)
        .withReadyReplicas(total)
        .withAvailableReplicas(total)
        .withUnavailableReplicas(null)
        .withConditions(available, progressing)
        .build();
  }

  /** A condition, keeping its last transition time while its status and reason stay. */
  private static DeploymentCondition condition(
      DeploymentStatus previous,
      String type,
      boolean status,
      String reason,
      String message,
      Instant now) {
    String transition = now.toString();
    if (previous != null && previous.getConditions() != null) {
      for (DeploymentCondition c : previous.getConditions()) {
        if (type.equals(c.getType())
            && c.getStatus().equals(status ? "True" : "False")
            && Objects.equals(reason, c.getReason())) {
          transition = c.getLastTransitionTime();
        }
      }
    }
    return new DeploymentConditionBuilder()
        .withType(type)
        .withStatus(status ? "True" : "False")
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(transition)
        .withLastUpdateTime(transition)
        .build();
  }

  private ReplicaSet create(Deployment deployment, String hash, int replicas, int revision) {
    Map<String, String> templateLabels = new HashMap<>();
    PodTemplateSpec template = deployment.getSpec().getTemplate();
    if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
      templateLabels.putAll(template.getMetadata().getLabels());
    }
    templateLabels.put(POD_TEMPLATE_HASH, hash);
    LabelSelector selector =
        new LabelSelectorBuilder(
                Objects.requireNonNullElse(deployment.getSpec().getSelector(), new LabelSelector()))
            .addToMatchLabels(POD_TEMPLATE_HASH, hash)
            .build();
    ReplicaSet rs =
        new ReplicaSetBuilder()
            .withNewMetadata()
            .withName(deployment.getMetadata().getName() + "-" + hash)
            .withNamespace(deployment.getMetadata().getNamespace())
            .withLabels(templateLabels)
            .addToAnnotations(REVISION, Integer.toString(revision))
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion("apps/v1")
                    .withKind("Deployment")
                    .withName(deployment.getMetadata().getName())
                    .withUid(deployment.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(true)
                    .build())
            .endMetadata()
            .withNewSpec()
            .withReplicas(replicas)
            .withSelector(selector)
            .withTemplate(
                new PodTemplateSpecBuilder(template)
                    .editOrNewMetadata()
                    .withLabels(templateLabels)
                    .endMetadata()
                    .build())
            .endSpec()
            .withStatus(
                new ReplicaSetStatusBuilder()
                    .withReplicas(replicas)
                    .withReadyReplicas(replicas)
                    .withAvailableReplicas(replicas)
                    .withFullyLabeledReplicas(replicas)
                    .withObservedGeneration(1L)
                    .build())
            .build();
    ReplicaSet created = client.resource(rs).create();
    LOG.info(
        "Deployment {}: rolled out ReplicaSet {} ({})",
        key(deployment),
        rs.getMetadata().getName(),
        template.getSpec().getContainers().getFirst().getImage());
    return created;
  }

  private void scale(ReplicaSet rs, int replicas, Integer newRevision) {
    if (Objects.equals(rs.getSpec().getReplicas(), replicas) && newRevision == null) {
      return;
    }
    var resource =
        client
            .apps()
            .replicaSets()
            .inNamespace(rs.getMetadata().getNamespace())
            .withName(rs.getMetadata().getName());
    ReplicaSet scaled =
        resource.edit(
            r -> {
              r.getSpec().setReplicas(replicas);
              if (newRevision != null) {
                r.getMetadata().getAnnotations().put(REVISION, newRevision.toString());
              }
              return r;
            });
    resource.editStatus(
        r -> {
          r.setStatus(
              new ReplicaSetStatusBuilder()
                  .withReplicas(replicas)
                  .withReadyReplicas(replicas)
                  .withAvailableReplicas(replicas)
                  .withFullyLabeledReplicas(replicas)
                  .withObservedGeneration(scaled.getMetadata().getGeneration())
                  .build());
          return r;
        });
  }

  private void writeStatus(Deployment deployment, DeploymentStatus status) {
    if (status.equals(deployment.getStatus())) {
      return;
    }
    try {
      client
          .apps()
          .deployments()
          .inNamespace(deployment.getMetadata().getNamespace())
          .withName(deployment.getMetadata().getName())
          .editStatus(
              d -> {
                d.setStatus(status);
                return d;
              });
    } catch (KubernetesClientException e) {
      LOG.debug("Deployment {} status not written: {}", key(deployment), e.getMessage());
    }
  }

  private static int revision(ReplicaSet rs) {
    Map<String, String> annotations = rs.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(REVISION);
    return value == null ? 0 : Integer.parseInt(value);
  }

  private static Map<String, String> labels(ReplicaSet rs) {
    return rs.getMetadata().getLabels() == null ? Map.of() : rs.getMetadata().getLabels();
  }

  private static boolean ownedBy(ReplicaSet rs, Deployment deployment) {
    return rs.getMetadata().getOwnerReferences() != null
        && rs.getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> deployment.getMetadata().getUid().equals(o.getUid()));
  }

  private static Optional<String> ownerName(ReplicaSet rs) {
    return rs.getMetadata().getOwnerReferences() == null
        ? Optional.empty()
        : rs.getMetadata().getOwnerReferences().stream()
            .filter(o -> "Deployment".equals(o.getKind()))
            .map(o -> o.getName())
            .findFirst();
  }

  private static String key(Deployment d) {
    return d.getMetadata().getNamespace() + "/" + d.getMetadata().getName();
  }

  @Override
  public void close() {
    informer.close();
    queue.close();
  }
}
