package dev.schemagate.operator.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.schemagate.operator.api.DeploymentGateStatus;
import dev.schemagate.operator.api.DeploymentGateStatus.State;
import dev.schemagate.operator.api.SchemagateConstants.Annotations;
import dev.schemagate.operator.api.SchemagateConstants.GateReasons;
import dev.schemagate.operator.api.SchemagateConstants.Labels;
import dev.schemagate.operator.migration.KubeTime;
import dev.schemagate.operator.status.MigrationEvent;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The reconciler's side of the rollout gate, as pure functions: for each Deployment gated by one
 * DatabaseMigration, whether it is Held or Released, and what to write.
 *
 * <ul>
 *   <li>Release: our marker is present and the gated image is now allowed: remove {@code
 *       spec.paused} and the markers in one patch.
 *   <li>Backstop hold: an image without a successful migration, unpaused (the webhook did not see
 *       the write, or someone resumed our hold): pause and mark. Best effort, after the fact.
 *   <li>Nothing: allowed and not held by us; held already; or paused by its owner (a pause without
 *       our marker is never touched).
 *   <li>A Deployment the previous status listed but that no longer carries the label, still held by
 *       us, is released (the webhook does this on the write that removes the label; this is the
 *       backstop for writes it did not see).
 * </ul>
 *
 * <p>A Deployment is Held when its gated image is not allowed (whoever paused it), Released when it
 * is. The decisions themselves are {@link GateDecider}'s, the rule set the webhook applies.
 */
public final class GatePlanner {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private GatePlanner() {}

  /**
   * Names in the previous status whose Deployment is not among {@code gated}: deleted, relabelled
   * or unlabelled. The caller reads each of them once, fresh, for {@link #plan}.
   */
  public static List<String> toLookUp(
      String migration, List<DeploymentGateStatus> previous, Collection<Deployment> gated) {
    if (previous == null) {
      return List.of();
    }
    List<String> names = gatedBy(migration, gated).stream().map(GatePlanner::name).toList();
    return previous.stream()
        .map(DeploymentGateStatus::getName)
        .filter(name -> name != null && !names.contains(name))
        .distinct()
        .sorted()
        .toList();
  }

  /**
   * @param migration the DatabaseMigration's name (the label value of its Deployments)
   * @param target the succeeded images as this reconcile records them, and the gate container
   * @param gated the Deployments labelled with {@code migration} (informer cache)
   * @param previous {@code status.deployments} before this reconcile (may be null)
   * @param lookedUp fresh state of the names {@link #toLookUp} returned; empty when deleted
   * @param now when a backstop hold begins
   */
  public static GatePlan plan(
      String migration,
      GateTarget target,
      Collection<Deployment> gated,
      List<DeploymentGateStatus> previous,
      Map<String, Optional<Deployment>> lookedUp,
      Instant now) {
    Map<String, DeploymentGateStatus> before = new TreeMap<>();
    if (previous != null) {
      previous.forEach(entry -> before.put(entry.getName(), entry));
    }
    Map<String, Deployment> current = new TreeMap<>();
    gatedBy(migration, gated).forEach(d -> current.put(name(d), d));
    lookedUp.forEach(
        (name, found) ->
            found
                .filter(d -> migration.equals(GateDecider.migrationName(d)))
                .ifPresent(d -> current.putIfAbsent(name, d)));

    List<DeploymentGateStatus> states = new ArrayList<>();
    List<GateAction> actions = new ArrayList<>();
    List<GateEvent> events = new ArrayList<>();
    current.forEach(
        (name, deployment) -> {
          Judged judged = judge(deployment, target, now);
          states.add(new DeploymentGateStatus(name, judged.image(), judged.state()));
          judged.action().ifPresent(actions::add);
          transition(deployment, before.get(name), judged).ifPresent(events::add);
        });
    lookedUp.forEach(
        (name, found) -> {
          Deployment deployment = found.orElse(null);
          if (deployment == null
              || current.containsKey(name)
              || GateDecider.migrationName(deployment) != null) {
            return; // deleted, or gated by another DatabaseMigration now: not ours to report
          }
          ungated(deployment, before.get(name)).ifPresent(actions::add);
          if (GateDecider.heldBySchemagate(deployment) || wasHeld(before.get(name))) {
            events.add(
                event(
                    deployment,
                    false,
                    GateReasons.ROLLOUT_RELEASED,
                    "label " + Labels.MIGRATION + " removed: the rollout gate no longer applies"));
          }
        });
    return new GatePlan(states.isEmpty() ? null : List.copyOf(states), actions, events);
  }

  /**
   * The Deployments whose label names {@code migration}. The informer's index can still list a
   * Deployment under the migration its label named before a change.
   */
  private static List<Deployment> gatedBy(String migration, Collection<Deployment> deployments) {
    return deployments.stream()
        .filter(d -> migration.equals(GateDecider.migrationName(d)))
        .toList();
  }

  private record Judged(
      String image, State state, GateDecision decision, Optional<GateAction> action) {}

  private static Judged judge(Deployment deployment, GateTarget target, Instant now) {
    String container = target.gateContainer();
    String image = GateDecider.gatedImage(deployment, container);
    State state = target.allows(image) ? State.Released : State.Held;
    GateDecision decision = GateDecider.withTarget(deployment, Optional.of(target));
    ArrayNode ops = GatePatch.of(decision, tree(deployment), now);
    if (ops.isEmpty()) {
      return new Judged(image, state, decision, Optional.empty());
    }
    GateAction.Kind kind =
        switch (decision) {
          case GateDecision.Release ignored -> GateAction.Kind.RELEASE;
          case GateDecision.Hold ignored ->
              GateDecider.paused(deployment) ? GateAction.Kind.REMARK : GateAction.Kind.HOLD;
          case GateDecision.Untouched ignored -> throw new IllegalStateException("no patch");
        };
    ArrayNode patch = guards(deployment, container, image, kind == GateAction.Kind.RELEASE);
    patch.addAll(ops);
    return new Judged(
        image,
        state,
        decision,
        Optional.of(new GateAction(kind, name(deployment), patch, image, heldSince(deployment))));
  }

  /** Our hold on a Deployment whose gate label was removed is lifted. */
  private static Optional<GateAction> ungated(Deployment deployment, DeploymentGateStatus before) {
    if (!GateDecider.heldBySchemagate(deployment)) {
      return Optional.empty();
    }
    GateDecision release =
        new GateDecision.Release(GateReasons.GATE_LABEL_REMOVED, "gate label removed");
    ArrayNode patch = JSON.arrayNode();
    // If the label comes back in between, the webhook judges this write (a resume) and holds again.
    patch.add(test(GatePatch.pointer(Annotations.HELD_FOR), heldFor(deployment)));
    patch.addAll(GatePatch.of(release, tree(deployment), Instant.EPOCH));
    String image = before == null ? null : before.getImage();
    return Optional.of(
        new GateAction(
            GateAction.Kind.RELEASE_UNGATED,
            name(deployment),
            patch,
            image,
            heldSince(deployment)));
  }

  /**
   * "test" operations first: the gated image is still the one judged, and a release lifts the hold
   * that was read (the marker still names the same image).
   */
  private static ArrayNode guards(
      Deployment deployment, String container, String image, boolean release) {
    ArrayNode guards = JSON.arrayNode();
    int index = GateDecider.gatedContainerIndex(deployment, container);
    if (index >= 0 && image != null) {
      guards.add(test("/spec/template/spec/containers/" + index + "/image", image));
    }
    if (release) {
      guards.add(test(GatePatch.pointer(Annotations.HELD_FOR), heldFor(deployment)));
    }
    return guards;
  }

  /** RolloutHeld when a Deployment becomes Held (or held for another image), RolloutReleased. */
  private static Optional<GateEvent> transition(
      Deployment deployment, DeploymentGateStatus before, Judged judged) {
    String subject = "rollout to " + describe(judged.image());
    if (judged.state() == State.Held) {
      boolean known = wasHeld(before) && Objects.equals(before.getImage(), judged.image());
      if (known) {
        return Optional.empty();
      }
      boolean backstop = judged.action().map(a -> a.kind() == GateAction.Kind.HOLD).orElse(false);
      String message =
          judged.decision().message() == null
              ? subject + " held until its migration succeeds"
              : judged.decision().message();
      if (backstop) {
        message +=
            " (paused by the operator's backstop: the admission webhook did not see this write,"
                + " so the rollout may have started already)";
      }
      return Optional.of(event(deployment, backstop, GateReasons.ROLLOUT_HELD, message));
    }
    if (wasHeld(before)) {
      String why =
          Objects.equals(before.getImage(), judged.image())
              ? "its migration succeeded"
              : "the image has a successful migration (a rollback or another allowed image)";
      return Optional.of(
          event(deployment, false, GateReasons.ROLLOUT_RELEASED, subject + " released: " + why));
    }
    return Optional.empty();
  }

  private static GateEvent event(
      Deployment deployment, boolean warning, String reason, String message) {
    String text = "Deployment " + name(deployment) + ": " + message;
    return new GateEvent(
        name(deployment),
        deployment.getMetadata().getUid(),
        warning ? MigrationEvent.warning(reason, text) : MigrationEvent.normal(reason, text));
  }

  private static boolean wasHeld(DeploymentGateStatus before) {
    return before != null && before.getState() == State.Held;
  }

  private static ObjectNode test(String path, String value) {
    return JSON.objectNode().put("op", "test").put("path", path).put("value", value);
  }

  private static String heldFor(Deployment deployment) {
    Map<String, String> annotations = deployment.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(Annotations.HELD_FOR);
  }

  private static Instant heldSince(Deployment deployment) {
    Map<String, String> annotations = deployment.getMetadata().getAnnotations();
    return annotations == null ? null : KubeTime.parse(annotations.get(Annotations.HELD_SINCE));
  }

  private static String describe(String image) {
    return image == null ? "a missing gate container" : image;
  }

  private static String name(Deployment deployment) {
    return deployment.getMetadata().getName();
  }

  private static JsonNode tree(Deployment deployment) {
    return SERIALIZATION.convertValue(deployment, JsonNode.class);
  }
}
