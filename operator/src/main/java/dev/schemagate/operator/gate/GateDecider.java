package dev.schemagate.operator.gate;

import dev.schemagate.operator.api.SchemagateConstants.Annotations;
import dev.schemagate.operator.api.SchemagateConstants.GateReasons;
import dev.schemagate.operator.api.SchemagateConstants.Labels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rollout gate's rules for one Deployment, as pure functions: the one rule set that both the
 * admission webhook (for each write) and the reconciler (release and backstop) apply.
 *
 * <p>Deciding takes two steps so the webhook reads the DatabaseMigration only when the write can
 * start a rollout: {@link #withoutLookup} settles writes that cannot (scale, metadata, no label);
 * {@link #withTarget} judges the rest against the DatabaseMigration.
 */
public final class GateDecider {

  private GateDecider() {}

  /** Both steps at once; for callers (and tests) that already hold the lookup result. */
  public static GateDecision decide(
      Deployment incoming, Deployment old, Optional<GateTarget> target) {
    return withoutLookup(incoming, old).orElseGet(() -> withTarget(incoming, target));
  }

  /** The value of the gate label, or null when the Deployment is not gated. */
  public static String migrationName(Deployment deployment) {
    return labels(deployment).get(Labels.MIGRATION);
  }

  /**
   * Settles writes that need no DatabaseMigration lookup.
   *
   * @param old the stored object on UPDATE, null on CREATE
   * @return the decision, or empty when the write must be judged by {@link #withTarget}
   */
  public static Optional<GateDecision> withoutLookup(Deployment incoming, Deployment old) {
    if (migrationName(incoming) == null) {
      // Removing the label opts out of the gate, so our own hold goes with it.
      if (old != null && migrationName(old) != null && heldBySchemagate(incoming)) {
        return Optional.of(
            new GateDecision.Release(
                GateReasons.GATE_LABEL_REMOVED,
                "label " + Labels.MIGRATION + " removed: Schemagate's hold is lifted"));
      }
      return Optional.of(new GateDecision.Untouched(GateReasons.NOT_GATED, null));
    }
    if (old == null || startsRollout(incoming, old)) {
      return Optional.empty();
    }
    return Optional.of(new GateDecision.Untouched(GateReasons.NO_ROLLOUT_CHANGE, null));
  }

  /**
   * Judges a write that can start a rollout.
   *
   * @param target the DatabaseMigration named by the label, empty when it does not exist
   */
  public static GateDecision withTarget(Deployment incoming, Optional<GateTarget> target) {
    String migration = migrationName(incoming);
    String containerName = target.map(GateTarget::gateContainer).orElse(null);
    Optional<Container> gated = gatedContainer(incoming, containerName);
    String heldFor =
        gated
            .map(Container::getImage)
            .orElse(Annotations.HELD_FOR_MISSING_CONTAINER + describe(containerName));

    if (target.isEmpty()) {
      return hold(
          incoming,
          GateReasons.DATABASE_MIGRATION_NOT_FOUND,
          heldFor,
          "DatabaseMigration \"" + migration + "\" not found: rollout held");
    }
    if (gated.isEmpty()) {
      return hold(
          incoming,
          GateReasons.GATE_CONTAINER_NOT_FOUND,
          heldFor,
          "gate container " + describe(containerName) + " not found: rollout held");
    }
    String image = gated.get().getImage();
    if (target.get().allows(image)) {
      if (heldBySchemagate(incoming)) {
        return new GateDecision.Release(
            GateReasons.ROLLOUT_RELEASED,
            "image " + image + " has a successful migration: Schemagate's hold is lifted");
      }
      return new GateDecision.Untouched(GateReasons.IMAGE_ALLOWED, null);
    }
    return hold(
        incoming,
        GateReasons.ROLLOUT_HELD,
        image,
        "rollout held: image "
            + image
            + " has no successful migration in DatabaseMigration \""
            + migration
            + "\"");
  }

  /** A pause without our marker is the user's: we neither mark it nor lift it. */
  private static GateDecision hold(
      Deployment incoming, String reason, String heldFor, String message) {
    if (paused(incoming) && !heldBySchemagate(incoming)) {
      return new GateDecision.Untouched(
          reason, message + " (already paused by its owner; held again when resumed)");
    }
    return new GateDecision.Hold(reason, heldFor, message);
  }

  /**
   * A write can start a rollout when it changes the pod template, resumes a paused Deployment, or
   * points the gate at another DatabaseMigration.
   */
  static boolean startsRollout(Deployment incoming, Deployment old) {
    return !Objects.equals(template(incoming), template(old))
        || (paused(old) && !paused(incoming))
        || !Objects.equals(migrationName(incoming), migrationName(old));
  }

  /** The gated container: the named one, or the first when no name is given. */
  public static Optional<Container> gatedContainer(Deployment deployment, String containerName) {
    int index = gatedContainerIndex(deployment, containerName);
    return index < 0 ? Optional.empty() : Optional.of(containers(deployment).get(index));
  }

  /** The gated container's image, or null when the Deployment has no such container. */
  public static String gatedImage(Deployment deployment, String containerName) {
    return gatedContainer(deployment, containerName).map(Container::getImage).orElse(null);
  }

  /** Index of the gated container in {@code spec.template.spec.containers}, or -1. */
  public static int gatedContainerIndex(Deployment deployment, String containerName) {
    List<Container> containers = containers(deployment);
    for (int i = 0; i < containers.size(); i++) {
      if (containerName == null
          || containerName.isBlank()
          || containerName.equals(containers.get(i).getName())) {
        return i;
      }
    }
    return -1;
  }

  public static boolean paused(Deployment deployment) {
    return deployment.getSpec() != null && Boolean.TRUE.equals(deployment.getSpec().getPaused());
  }

  public static boolean heldBySchemagate(Deployment deployment) {
    return annotations(deployment).containsKey(Annotations.HELD_FOR);
  }

  private static String describe(String containerName) {
    return containerName == null || containerName.isBlank()
        ? "(first container)"
        : "\"" + containerName + "\"";
  }

  private static PodTemplateSpec template(Deployment deployment) {
    return deployment.getSpec() == null ? null : deployment.getSpec().getTemplate();
  }

  private static List<Container> containers(Deployment deployment) {
    PodTemplateSpec template = template(deployment);
    if (template == null
        || template.getSpec() == null
        || template.getSpec().getContainers() == null) {
      return List.of();
    }
    return template.getSpec().getContainers();
  }

  private static Map<String, String> labels(HasMetadata resource) {
    return resource.getMetadata() == null || resource.getMetadata().getLabels() == null
        ? Map.of()
        : resource.getMetadata().getLabels();
  }

  private static Map<String, String> annotations(HasMetadata resource) {
    return resource.getMetadata() == null || resource.getMetadata().getAnnotations() == null
        ? Map.of()
        : resource.getMetadata().getAnnotations();
  }
}
