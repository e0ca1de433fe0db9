package dev.schemagate.operator.gate;

import static dev.schemagate.operator.webhook.testutil.Deployments.IMAGE_V1;
import static dev.schemagate.operator.webhook.testutil.Deployments.IMAGE_V2;
import static dev.schemagate.operator.webhook.testutil.Deployments.IMAGE_V3;
import static dev.schemagate.operator.webhook.testutil.Deployments.MIGRATION;
import static dev.schemagate.operator.webhook.testutil.Deployments.SIDECAR_V1;
import static dev.schemagate.operator.webhook.testutil.Deployments.gated;
import static dev.schemagate.operator.webhook.testutil.Deployments.heldBySchemagate;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemagate.operator.api.DeploymentGateStatus;
import dev.schemagate.operator.api.DeploymentGateStatus.State;
import dev.schemagate.operator.api.SchemagateConstants.Annotations;
import dev.schemagate.operator.api.SchemagateConstants.Labels;
import dev.schemagate.operator.webhook.testutil.AdmissionReviews;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.JsonPatch;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatePlannerTest {

  static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
  static final GateTarget V1_MIGRATED = new GateTarget(List.of(IMAGE_V1), null);
  static final GateTarget V1_V2_MIGRATED = new GateTarget(List.of(IMAGE_V2, IMAGE_V1), null);
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static GatePlan plan(
      GateTarget target, List<DeploymentGateStatus> previous, Deployment... gated) {
    return GatePlanner.plan(MIGRATION, target, List.of(gated), previous, Map.of(), NOW);
  }

  private static DeploymentGateStatus entry(String name, String image, State state) {
    return new DeploymentGateStatus(name, image, state);
  }

  private static Deployment named(String name, DeploymentBuilder builder) {
    return builder.editMetadata().withName(name).endMetadata().build();
  }

  private static DeploymentBuilder userPaused(DeploymentBuilder builder) {
    return builder.editSpec().withPaused(true).endSpec();
  }

  /** The Deployment as the API server stores it after the action's patch. */
  private static Deployment patched(Deployment deployment, GateAction action) {
    JsonNode result =
        JsonPatch.apply(action.patch(), SERIALIZATION.convertValue(deployment, JsonNode.class));
    return SERIALIZATION.convertValue(result, Deployment.class);
  }

  private static List<String> ops(GateAction action) {
    return action
        .patch()
        .valueStream()
        .map(op -> op.path("op").asText() + " " + op.path("path").asText())
        .toList();
  }

  @Test
  void anAllowedImageIsReleasedAndNeedsNothing() {
    GatePlan plan = plan(V1_MIGRATED, null, gated(IMAGE_V1).build());

    assertThat(plan.deployments())
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactly(entry("orders", IMAGE_V1, State.Released));
    assertThat(plan.actions()).isEmpty();
    assertThat(plan.events()).isEmpty();
  }

  @Test
  void aDeploymentTheWebhookHeldIsReportedHeldOnceAndLeftAsItIs() {
    Deployment held = heldBySchemagate(gated(IMAGE_V2), IMAGE_V2).build();

    GatePlan first = plan(V1_MIGRATED, null, held);
    GatePlan again = plan(V1_MIGRATED, first.deployments(), held);

    assertThat(first.deployments())
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactly(entry("orders", IMAGE_V2, State.Held));
    assertThat(first.actions()).isEmpty();
    assertThat(first.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.event().reason()).isEqualTo("RolloutHeld");
              assertThat(e.event().warning()).isFalse();
              assertThat(e.event().message())
                  .contains("orders", IMAGE_V2, "no successful migration");
              assertThat(e.deploymentUid()).isEqualTo(held.getMetadata().getUid());
            });
    assertThat(again.events()).isEmpty();
    assertThat(again.actions()).isEmpty();
  }

  @Test
  void aSucceededMigrationReleasesOurHoldInOnePatch() {
    Deployment held = heldBySchemagate(gated(IMAGE_V2), IMAGE_V2).build();

    GatePlan plan = plan(V1_V2_MIGRATED, List.of(entry("orders", IMAGE_V2, State.Held)), held);

    GateAction release = plan.actions().getFirst();
    assertThat(plan.actions()).hasSize(1);
    assertThat(release.kind()).isEqualTo(GateAction.Kind.RELEASE);
    assertThat(release.image()).isEqualTo(IMAGE_V2);
    assertThat(release.heldSince()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    assertThat(ops(release))
        .containsExactly(
            "test /spec/template/spec/containers/0/image",
            "test /metadata/annotations/schemagate.dev~1held-for",
            "remove /spec/paused",
            "remove /metadata/annotations/schemagate.dev~1held-for",
            "remove /metadata/annotations/schemagate.dev~1held-since");
    Deployment after = patched(held, release);
    assertThat(after.getSpec().getPaused()).isNull();
    assertThat(after.getMetadata().getAnnotations())
        .doesNotContainKeys(Annotations.HELD_FOR, Annotations.HELD_SINCE);
    assertThat(after.getSpec().getTemplate()).isEqualTo(held.getSpec().getTemplate());
    assertThat(plan.deployments())
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactly(entry("orders", IMAGE_V2, State.Released));
    assertThat(plan.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.event().reason()).isEqualTo("RolloutReleased");
              assertThat(e.event().message()).contains("its migration succeeded");
            });
  }

  @Test
  void aFailedOrRunningMigrationKeepsTheHold() {
    Deployment held = heldBySchemagate(gated(IMAGE_V2), IMAGE_V2).build();

    GatePlan plan = plan(V1_MIGRATED, List.of(entry("orders", IMAGE_V2, State.Held)), held);

    assertThat(plan.actions()).isEmpty();
    assertThat(plan.events()).isEmpty();
    assertThat(plan.deployments())
        .extracting(DeploymentGateStatus::getState)
        .containsExactly(State.Held);
  }

  @Test
  void backstopHoldsAnUnmigratedImageTheWebhookDidNotSee() {
    Deployment running = gated(IMAGE_V2).build();

    GatePlan plan = plan(V1_MIGRATED, null, running);

    GateAction hold = plan.actions().getFirst();
    assertThat(hold.kind()).isEqualTo(GateAction.Kind.HOLD);
    assertThat(ops(hold))
        .containsExactly(
            "test /spec/template/spec/containers/0/image",
            "add /spec/paused",
            "add /metadata/annotations");
    Deployment after = patched(running, hold);
    assertThat(after.getSpec().getPaused()).isTrue();
    assertThat(after.getMetadata().getAnnotations())
        .containsEntry(Annotations.HELD_FOR, IMAGE_V2)
        .containsEntry(Annotations.HELD_SINCE, "2025-03-01T10:00:00Z");
    assertThat(plan.deployments())
        .extracting(DeploymentGateStatus::getState)
        .containsExactly(State.Held);
    assertThat(plan.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.event().warning()).isTrue();
              assertThat(e.event().reason()).isEqualTo("RolloutHeld");
              assertThat(e.event().message()).contains("backstop");
            });
  }

  @Test
  void aResumedHoldOnAnUnmigratedImageIsHeldAgain() {
    Deployment resumed =
        heldBySchemagate(gated(IMAGE_V2), IMAGE_V2).editSpec().withPaused(false).endSpec().build();

    GatePlan plan = plan(V1_MIGRATED, List.of(entry("orders", IMAGE_V2, State.Held)), resumed);

    assertThat(plan.actions())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(GateAction.Kind.HOLD);
              assertThat(ops(a))
                  .containsExactly(
                      "test /spec/template/spec/containers/0/image", "add /spec/paused");
            });
  }

  @Test
  void aHoldMovesToAnotherUnmigratedImageWithoutWebhookQuietly() {
    Deployment moved =
        new DeploymentBuilder(heldBySchemagate(gated(IMAGE_V2), IMAGE_V2).build())
            .editSpec()
            .editTemplate()
            .editSpec()
            .editFirstContainer()
            .withImage(IMAGE_V3)
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();

    GatePlan plan = plan(V1_MIGRATED, List.of(entry("orders", IMAGE_V2, State.Held)), moved);

    GateAction remark = plan.actions().getFirst();
    assertThat(remark.kind()).isEqualTo(GateAction.Kind.REMARK);
    assertThat(patched(moved, remark).getMetadata().getAnnotations())
        .containsEntry(Annotations.HELD_FOR, IMAGE_V3)
        .containsEntry(Annotations.HELD_SINCE, "2025-01-01T00:00:00Z");
    assertThat(plan.events())
        .singleElement()
        .satisfies(e -> assertThat(e.event().warning()).isFalse());
  }

  @Test
  void aUsersPauseIsNeverTouched() {
    Deployment unmigrated = userPaused(gated(IMAGE_V2)).build();
    Deployment migrated = named("web", userPaused(gated(IMAGE_V1)));

    GatePlan plan = plan(V1_MIGRATED, null, unmigrated, migrated);

    assertThat(plan.actions()).isEmpty();
    assertThat(plan.deployments())
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactly(
            entry("orders", IMAGE_V2, State.Held), entry("web", IMAGE_V1, State.Released));
    assertThat(plan.events())
        .singleElement()
        .satisfies(e -> assertThat(e.event().message()).contains("paused by its owner"));
  }

  @Test
  void aRollbackTheWebhookReleasedIsReportedReleased() {
    GatePlan plan =
        plan(V1_MIGRATED, List.of(entry("orders", IMAGE_V2, State.Held)), gated(IMAGE_V1).build());

    assertThat(plan.actions()).isEmpty();
    assertThat(plan.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.event().reason()).isEqualTo("RolloutReleased");
              assertThat(e.event().message()).contains("rollback");
            });
  }

  @Test
  void aMissingGateContainerIsHeldWithoutAnImage() {
    GateTarget namedWeb = new GateTarget(List.of(IMAGE_V1), "web");

    GatePlan plan = plan(namedWeb, null, gated(IMAGE_V1).build());

    GateAction hold = plan.actions().getFirst();
    assertThat(hold.kind()).isEqualTo(GateAction.Kind.HOLD);
    assertThat(hold.image()).isNull();
    assertThat(ops(hold)).doesNotContain("test /spec/template/spec/containers/0/image");
    assertThat(patched(gated(IMAGE_V1).build(), hold).getMetadata().getAnnotations())
        .containsEntry(Annotations.HELD_FOR, Annotations.HELD_FOR_MISSING_CONTAINER + "\"web\"");
    assertThat(plan.deployments())
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactly(entry("orders", null, State.Held));
  }

  @Test
  void theNamedGateContainerIsTheOneJudged() {
    GateTarget proxyGated = new GateTarget(List.of(SIDECAR_V1), "proxy");

    GatePlan plan = plan(proxyGated, null, gated(IMAGE_V3).build());

    assertThat(plan.actions()).isEmpty();
    assertThat(plan.deployments())
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactly(entry("orders", SIDECAR_V1, State.Released));
  }

  @Test
  void deploymentsAreSortedByNameAndOthersMigrationsAreIgnored() {
    Deployment other =
        named(
            "zeta",
            gated(IMAGE_V2).editMetadata().addToLabels(Labels.MIGRATION, "billing").endMetadata());

    GatePlan plan =
        plan(
            V1_MIGRATED, null, named("web", gated(IMAGE_V1)), other, named("api", gated(IMAGE_V1)));

    assertThat(plan.deployments())
        .extracting(DeploymentGateStatus::getName)
        .containsExactly("api", "web");
    assertThat(plan(V1_MIGRATED, null).deployments()).isNull();
  }

  @Test
  void deploymentsThatLeftTheSelectionAreLookedUp() {
    List<DeploymentGateStatus> previous =
        List.of(entry("api", IMAGE_V1, State.Released), entry("orders", IMAGE_V2, State.Held));
    Deployment relabelled =
        gated(IMAGE_V2)
            .editMetadata()
            .addToLabels(Labels.MIGRATION, "billing")
            .endMetadata()
            .build();

    assertThat(GatePlanner.toLookUp(MIGRATION, previous, List.of(named("api", gated(IMAGE_V1)))))
        .containsExactly("orders");
    assertThat(GatePlanner.toLookUp(MIGRATION, previous, List.of(relabelled)))
        .as("an index entry left over from the old label does not count")
        .containsExactly("api", "orders");
    assertThat(GatePlanner.toLookUp(MIGRATION, null, List.of())).isEmpty();
  }

  @Test
  void ourHoldOnADeploymentWhoseLabelWasRemovedIsLifted() {
    Deployment unlabelled =
        heldBySchemagate(gated(IMAGE_V2), IMAGE_V2)
            .editMetadata()
            .removeFromLabels(Labels.MIGRATION)
            .endMetadata()
            .build();

    GatePlan plan =
        GatePlanner.plan(
            MIGRATION,
            V1_MIGRATED,
            List.of(),
            List.of(entry("orders", IMAGE_V2, State.Held)),
            Map.of("orders", Optional.of(unlabelled)),
            NOW);

    GateAction release = plan.actions().getFirst();
    assertThat(release.kind()).isEqualTo(GateAction.Kind.RELEASE_UNGATED);
    Deployment after = patched(unlabelled, release);
    assertThat(after.getSpec().getPaused()).isNull();
    assertThat(after.getMetadata().getAnnotations()).doesNotContainKey(Annotations.HELD_FOR);
    assertThat(plan.deployments()).isNull();
    assertThat(plan.events())
        .singleElement()
        .satisfies(e -> assertThat(e.event().reason()).isEqualTo("RolloutReleased"));
  }

  @Test
  void deletedRelabelledOrAlreadyReleasedDeploymentsJustLeaveTheStatus() {
    Deployment releasedByWebhook =
        named(
            "api", gated(IMAGE_V2).editMetadata().removeFromLabels(Labels.MIGRATION).endMetadata());
    Deployment relabelled =
        named(
            "web",
            heldBySchemagate(gated(IMAGE_V2), IMAGE_V2)
                .editMetadata()
                .addToLabels(Labels.MIGRATION, "billing")
                .endMetadata());

    GatePlan plan =
        GatePlanner.plan(
            MIGRATION,
            V1_MIGRATED,
            List.of(),
            List.of(
                entry("api", IMAGE_V2, State.Held),
                entry("gone", IMAGE_V1, State.Released),
                entry("web", IMAGE_V2, State.Held)),
            Map.of(
                "api", Optional.of(releasedByWebhook),
                "gone", Optional.empty(),
                "web", Optional.of(relabelled)),
            NOW);

    assertThat(plan.actions()).isEmpty();
    assertThat(plan.deployments()).isNull();
    assertThat(plan.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.deployment()).isEqualTo("api");
              assertThat(e.event().reason()).isEqualTo("RolloutReleased");
            });
  }

  @Test
  void aLookedUpDeploymentStillLabelledForUsIsJudgedAsGated() {
    Deployment lagging = heldBySchemagate(gated(IMAGE_V2), IMAGE_V2).build();

    GatePlan plan =
        GatePlanner.plan(
            MIGRATION,
            V1_V2_MIGRATED,
            List.of(),
            List.of(entry("orders", IMAGE_V2, State.Held)),
            Map.of("orders", Optional.of(lagging)),
            NOW);

    assertThat(plan.actions())
        .extracting(GateAction::kind)
        .containsExactly(GateAction.Kind.RELEASE);
  }

  @Test
  void patchesApplyAsTheApiServerWouldOnTheRawObject() {
    // The guards read back exactly what was judged: a patch built from the model applies cleanly.
    Deployment running = gated(IMAGE_V2).build();
    GateAction hold = plan(V1_MIGRATED, null, running).actions().getFirst();

    JsonNode raw = AdmissionReviews.tree(running);

    assertThat(JsonPatch.apply(hold.patch(), raw).path("spec").path("paused").asBoolean()).isTrue();
  }
}
