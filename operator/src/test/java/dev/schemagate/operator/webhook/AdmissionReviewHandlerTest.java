package dev.schemagate.operator.webhook;

import static dev.schemagate.operator.webhook.testutil.AdmissionReviews.patch;
import static dev.schemagate.operator.webhook.testutil.AdmissionReviews.patched;
import static dev.schemagate.operator.webhook.testutil.Deployments.IMAGE_V1;
import static dev.schemagate.operator.webhook.testutil.Deployments.IMAGE_V2;
import static dev.schemagate.operator.webhook.testutil.Deployments.IMAGE_V3;
import static dev.schemagate.operator.webhook.testutil.Deployments.MIGRATION;
import static dev.schemagate.operator.webhook.testutil.Deployments.NAMESPACE;
import static dev.schemagate.operator.webhook.testutil.Deployments.SIDECAR_V2;
import static dev.schemagate.operator.webhook.testutil.Deployments.gated;
import static dev.schemagate.operator.webhook.testutil.Deployments.heldBySchemagate;
import static dev.schemagate.operator.webhook.testutil.Deployments.withImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.schemagate.operator.api.SchemagateConstants.Annotations;
import dev.schemagate.operator.api.SchemagateConstants.GateReasons;
import dev.schemagate.operator.api.SchemagateConstants.Labels;
import dev.schemagate.operator.gate.GateTarget;
import dev.schemagate.operator.webhook.server.BadRequestException;
import dev.schemagate.operator.webhook.testutil.AdmissionReviews;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AdmissionReviewHandlerTest {

  private final Map<String, GateTarget> migrations = new HashMap<>();
  private final AtomicInteger lookups = new AtomicInteger();
  private final List<String> events = new ArrayList<>();
  private AdmissionReviewHandler handler;

  @BeforeEach
  void setUp() {
    GateState state =
        (namespace, name) -> {
          lookups.incrementAndGet();
          return Optional.ofNullable(migrations.get(namespace + "/" + name));
        };
    DeploymentEventSink sink =
        (deployment, reason, message) ->
            events.add(deployment.namespace() + "/" + deployment.name() + " " + reason);
    handler =
        new AdmissionReviewHandler(
            state, sink, Clock.fixed(Instant.parse("2025-03-01T10:00:00.500Z"), ZoneOffset.UTC));
    succeeded(IMAGE_V1);
  }

  private void succeeded(String... images) {
    migrations.put(NAMESPACE + "/" + MIGRATION, new GateTarget(List.of(images), null));
  }

  private JsonNode call(byte[] request) throws BadRequestException {
    JsonNode response = AdmissionReviews.parse(handler.handle(request));
    assertThat(response.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
    assertThat(response.path("kind").asText()).isEqualTo("AdmissionReview");
    assertThat(response.has("request")).isFalse();
    assertThat(response.path("response").path("uid").asText())
        .isEqualTo(AdmissionReviews.uid(request));
    // The gate mutates, it never denies.
    assertThat(response.path("response").path("allowed").asBoolean()).isTrue();
    if (patch(response) != null) {
      assertThat(response.path("response").path("patchType").asText()).isEqualTo("JSONPatch");
    }
    return response;
  }

  private static List<String> warnings(JsonNode response) {
    List<String> warnings = new ArrayList<>();
    response.path("response").path("warnings").forEach(w -> warnings.add(w.asText()));
    return warnings;
  }

  private static String heldFor(Deployment deployment) {
    Map<String, String> annotations = deployment.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(Annotations.HELD_FOR);
  }

  @Nested
  class Create {

    @Test
    void allowedImagePassesUntouched() throws Exception {
      JsonNode response = call(AdmissionReviews.create(gated(IMAGE_V1).build()));

      assertThat(patch(response)).isNull();
      assertThat(response.path("response").has("patchType")).isFalse();
      assertThat(warnings(response)).isEmpty();
    }

    @Test
    void unmigratedImageIsPausedAndMarked() throws Exception {
      Deployment incoming = gated(IMAGE_V2).build();

      JsonNode response = call(AdmissionReviews.create(incoming));

      Deployment result = patched(incoming, response);
      assertThat(result.getSpec().getPaused()).isTrue();
      assertThat(heldFor(result)).isEqualTo(IMAGE_V2);
      assertThat(result.getMetadata().getAnnotations())
          .containsEntry(Annotations.HELD_SINCE, "2025-03-01T10:00:00Z");
      // Nothing else changes: the pod template is exactly what the user wrote.
      assertThat(result.getSpec().getTemplate()).isEqualTo(incoming.getSpec().getTemplate());
      assertThat(warnings(response))
          .singleElement()
          .asString()
          .startsWith("schemagate: ")
          .contains(IMAGE_V2, "no successful migration", MIGRATION);
    }

    @Test
    void holdKeepsExistingAnnotationsAndEscapesTheKey() throws Exception {
      Deployment incoming =
          gated(IMAGE_V2).editMetadata().addToAnnotations("team", "payments").endMetadata().build();

      JsonNode response = call(AdmissionReviews.create(incoming));

      assertThat(patch(response).toString())
          .contains("/metadata/annotations/schemagate.dev~1held-for");
      Deployment result = patched(incoming, response);
      assertThat(result.getMetadata().getAnnotations())
          .containsEntry("team", "payments")
          .containsEntry(Annotations.HELD_FOR, IMAGE_V2);
    }

    @Test
    void missingDatabaseMigrationHoldsAndRecordsAnEvent() throws Exception {
      migrations.clear();
      Deployment incoming = gated(IMAGE_V1).build();

      JsonNode response = call(AdmissionReviews.create(incoming));

      Deployment result = patched(incoming, response);
      assertThat(result.getSpec().getPaused()).isTrue();
      assertThat(heldFor(result)).isEqualTo(IMAGE_V1);
      assertThat(warnings(response)).singleElement().asString().contains("not found");
      assertThat(events).containsExactly("shop/orders " + GateReasons.DATABASE_MIGRATION_NOT_FOUND);
    }

    @Test
    void dryRunGetsThePatchButNoEvent() throws Exception {
      migrations.clear();
      Deployment incoming = gated(IMAGE_V1).build();

      JsonNode response = call(AdmissionReviews.review("CREATE", incoming, null, true));

      assertThat(patched(incoming, response).getSpec().getPaused()).isTrue();
      assertThat(events).isEmpty();
    }

    @Test
    void emptyLabelValueNamesNoMigrationAndHolds() throws Exception {
      Deployment incoming =
          gated(IMAGE_V1).editMetadata().addToLabels(Labels.MIGRATION, "").endMetadata().build();

      JsonNode response = call(AdmissionReviews.create(incoming));

      assertThat(patched(incoming, response).getSpec().getPaused()).isTrue();
      assertThat(lookups).hasValue(0);
    }

    @Test
    void labelAbsentPassesWithoutLookup() throws Exception {
      Deployment incoming =
          gated(IMAGE_V2).editMetadata().removeFromLabels(Labels.MIGRATION).endMetadata().build();

      JsonNode response = call(AdmissionReviews.create(incoming));

      assertThat(patch(response)).isNull();
      assertThat(lookups).hasValue(0);
    }
  }

  @Nested
  class Update {

    @Test
    void newUnmigratedImageIsHeld() throws Exception {
      Deployment old = gated(IMAGE_V1).build();
      Deployment incoming = withImage(old, "app", IMAGE_V2);

      JsonNode response = call(AdmissionReviews.update(incoming, old));

      Deployment result = patched(incoming, response);
      assertThat(result.getSpec().getPaused()).isTrue();
      assertThat(heldFor(result)).isEqualTo(IMAGE_V2);
    }

    @Test
    void newMigratedImagePassesUntouched() throws Exception {
      succeeded(IMAGE_V2, IMAGE_V1);
      Deployment old = gated(IMAGE_V1).build();

      JsonNode response = call(AdmissionReviews.update(withImage(old, "app", IMAGE_V2), old));

      assertThat(patch(response)).isNull();
    }

    @Test
    void rollbackToASucceededImageWhileHeldReleasesAtOnce() throws Exception {
      Deployment old =
          heldBySchemagate(gated(IMAGE_V2), IMAGE_V2)
              .editMetadata()
              .addToAnnotations("team", "payments")
              .endMetadata()
              .build();
      Deployment incoming = withImage(old, "app", IMAGE_V1);

      JsonNode response = call(AdmissionReviews.update(incoming, old));

      Deployment result = patched(incoming, response);
      assertThat(result.getSpec().getPaused()).isNull();
      assertThat(result.getMetadata().getAnnotations())
          .doesNotContainKeys(Annotations.HELD_FOR, Annotations.HELD_SINCE)
          .containsEntry("team", "payments");
      assertThat(warnings(response)).singleElement().asString().contains("hold is lifted");
    }

    @Test
    void anotherUnmigratedImageWhileHeldMovesTheMarkerOnly() throws Exception {
      Deployment old = heldBySchemagate(gated(IMAGE_V2), IMAGE_V2).build();
      Deployment incoming = withImage(old, "app", IMAGE_V3);

      JsonNode response = call(AdmissionReviews.update(incoming, old));

      assertThat(patch(response)).hasSize(1);
      Deployment result = patched(incoming, response);
      assertThat(result.getSpec().getPaused()).isTrue();
      assertThat(heldFor(result)).isEqualTo(IMAGE_V3);
    }

    @Test
    void reinvocationOnAnAlreadyHeldObjectPatchesNothing() throws Exception {
      Deployment old = gated(IMAGE_V1).build();
      Deployment incoming = heldBySchemagate(gated(IMAGE_V2), IMAGE_V2).build();

      JsonNode response = call(AdmissionReviews.update(incoming, old));

      assertThat(patch(response)).isNull();
      assertThat(warnings(response)).singleElement().asString().contains("rollout held");
    }

    @Test
    void usersOwnPauseIsLeftAloneAndNotMarked() throws Exception {
      Deployment old = gated(IMAGE_V1).editSpec().withPaused(true).endSpec().build();
      Deployment incoming = withImage(old, "app", IMAGE_V2);

      JsonNode response = call(AdmissionReviews.update(incoming, old));

      assertThat(patch(response)).isNull();
      assertThat(warnings(response)).singleElement().asString().contains("paused by its owner");
    }

    @Test
    void usersOwnPauseOnAnAllowedImageIsNotReleased() throws Exception {
      Deployment old = gated(IMAGE_V1).editSpec().withPaused(true).endSpec().build();
      Deployment incoming =
          new DeploymentBuilder(old)
              .editSpec()
              .editTemplate()
              .editMetadata()
              .addToAnnotations("kubectl.kubernetes.io/restartedAt", "2025-01-01T00:00:00Z")
              .endMetadata()
              .endTemplate()
              .endSpec()
              .build();

      JsonNode response = call(AdmissionReviews.update(incoming, old));

      assertThat(patch(response)).isNull();
    }

    @Test
    void resumingAUserPauseOnAnUnmigratedImageHoldsThen() throws Exception {
      Deployment old = gated(IMAGE_V2).editSpec().withPaused(true).endSpec().build();
      Deployment incoming =
          new DeploymentBuilder(old).editSpec().withPaused(false).endSpec().build();

      JsonNode response = call(AdmissionReviews.update(incoming, old));

      Deployment result = patched(incoming, response);
      assertThat(result.getSpec().getPaused()).isTrue();
      assertThat(heldFor(result)).isEqualTo(IMAGE_V2);
    }

    @Test
    void resumingSchemagatesHoldOnAnUnmigratedImageHoldsAgain() throws Exception {
      Deployment old = heldBySchemagate(gated(IMAGE_V2), IMAGE_V2).build();
      Deployment incoming =
          new DeploymentBuilder(old).editSpec().withPaused(false).endSpec().build();

      JsonNode response = call(AdmissionReviews.update(incoming, old));

      assertThat(patched(incoming, response).getSpec().getPaused()).isTrue();
    }

    @Test
    void anotherContainerChangedWithAllowedGatedImagePasses() throws Exception {
      Deployment old = gated(IMAGE_V1).build();

      JsonNode response = call(AdmissionReviews.update(withImage(old, "proxy", SIDECAR_V2), old));

      assertThat(patch(response)).isNull();
      assertThat(lookups).hasValue(1);
    }

    @Test
    void anotherContainerChangedWhileGatedImageIsUnmigratedHolds() throws Exception {
      Deployment old = gated(IMAGE_V2).build();
      Deployment incoming = withImage(old, "proxy", SIDECAR_V2);

      JsonNode response = call(AdmissionReviews.update(incoming, old));

      assertThat(heldFor(patched(incoming, response))).isEqualTo(IMAGE_V2);
    }

    @Test
    void namedGateContainerIsTheOneJudged() throws Exception {
      // The first container is allowed; the gate names the second one, which is not.
      migrations.put(
          NAMESPACE + "/" + MIGRATION, new GateTarget(List.of(IMAGE_V1, SIDECAR_V2), "proxy"));
      Deployment old = withImage(gated(IMAGE_V1).build(), "proxy", SIDECAR_V2);
      Deployment incoming = withImage(old, "proxy", IMAGE_V3);

      JsonNode response = call(AdmissionReviews.update(incoming, old));

      assertThat(heldFor(patched(incoming, response))).isEqualTo(IMAGE_V3);

      // And an unmigrated first container does not matter when the named one is allowed.
      Deployment firstChanged = withImage(old, "app", IMAGE_V2);
      assertThat(patch(call(AdmissionReviews.update(firstChanged, old)))).isNull();
    }

    @Test
    void missingNamedGateContainerHoldsWithAClearReason() throws Exception {
      migrations.put(NAMESPACE + "/" + MIGRATION, new GateTarget(List.of(IMAGE_V1), "web"));
      Deployment old = gated(IMAGE_V1).build();
      Deployment incoming = withImage(old, "proxy", SIDECAR_V2);

      JsonNode response = call(AdmissionReviews.update(incoming, old));

      Deployment result = patched(incoming, response);
      assertThat(result.getSpec().getPaused()).isTrue();
      assertThat(heldFor(result)).isEqualTo(Annotations.HELD_FOR_MISSING_CONTAINER + "\"web\"");
      assertThat(warnings(response))
          .singleElement()
          .asString()
          .contains("gate container \"web\" not found");
    }

    @Test
    void scaleOnlyUpdatePassesWithoutLookup() throws Exception {
      Deployment old = gated(IMAGE_V2).build();
      Deployment incoming =
          new DeploymentBuilder(old).editSpec().withReplicas(10).endSpec().build();

      JsonNode response = call(AdmissionReviews.update(incoming, old));

      assertThat(patch(response)).isNull();
      assertThat(lookups).hasValue(0);
    }

    @Test
    void metadataOnlyUpdateOfAHeldDeploymentPassesWithoutLookup() throws Exception {
      Deployment old = heldBySchemagate(gated(IMAGE_V2), IMAGE_V2).build();
      Deployment incoming =
          new DeploymentBuilder(old)
              .editMetadata()
              .addToLabels("tier", "backend")
              .endMetadata()
              .build();

      JsonNode response = call(AdmissionReviews.update(incoming, old));

      assertThat(patch(response)).isNull();
      assertThat(lookups).hasValue(0);
    }

    @Test
    void addingTheLabelToARunningDeploymentJudgesIt() throws Exception {
      Deployment incoming = gated(IMAGE_V2).build();
      Deployment old =
          new DeploymentBuilder(incoming)
              .editMetadata()
              .removeFromLabels(Labels.MIGRATION)
              .endMetadata()
              .build();

      JsonNode response = call(AdmissionReviews.update(incoming, old));

      assertThat(patched(incoming, response).getSpec().getPaused()).isTrue();
    }

    @Test
    void removingTheLabelReleasesSchemagatesHold() throws Exception {
      Deployment old = heldBySchemagate(gated(IMAGE_V2), IMAGE_V2).build();
      Deployment incoming =
          new DeploymentBuilder(old)
              .editMetadata()
              .removeFromLabels(Labels.MIGRATION)
              .endMetadata()
              .build();

      JsonNode response = call(AdmissionReviews.update(incoming, old));

      Deployment result = patched(incoming, response);
      assertThat(result.getSpec().getPaused()).isNull();
      assertThat(heldFor(result)).isNull();
      assertThat(lookups).hasValue(0);
    }

    @Test
    void failedLookupPropagatesSoFailurePolicyApplies() {
      handler =
          new AdmissionReviewHandler(
              (namespace, name) -> {
                throw new IllegalStateException("API server unavailable");
              },
              DeploymentEventSink.NONE);
      Deployment old = gated(IMAGE_V1).build();

      assertThatThrownBy(
              () -> handler.handle(AdmissionReviews.update(withImage(old, "app", IMAGE_V2), old)))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Nested
  class Other {

    @Test
    void deleteIsAllowedWithoutLookup() throws Exception {
      Deployment old = gated(IMAGE_V2).build();

      JsonNode response = call(AdmissionReviews.review("DELETE", old, old, false));

      assertThat(patch(response)).isNull();
      assertThat(lookups).hasValue(0);
    }

    @Test
    void otherKindsAreAllowedUntouched() throws Exception {
      ObjectNode review =
          (ObjectNode) AdmissionReviews.parse(AdmissionReviews.create(gated(IMAGE_V2).build()));
      ((ObjectNode) review.path("request").path("kind")).put("group", "").put("kind", "Pod");

      JsonNode response = call(AdmissionReviews.bytes(review));

      assertThat(patch(response)).isNull();
    }
  }

  @Nested
  class Malformed {

    @Test
    void notJson() {
      assertBadRequest("{not json".getBytes(StandardCharsets.UTF_8), "not an AdmissionReview");
    }

    @Test
    void emptyBody() {
      assertBadRequest(new byte[0], "AdmissionReview");
    }

    @Test
    void wrongApiVersion() {
      ObjectNode review = review();
      review.put("apiVersion", "admission.k8s.io/v1beta1");
      assertBadRequest(AdmissionReviews.bytes(review), "expected apiVersion admission.k8s.io/v1");
    }

    @Test
    void noRequest() {
      ObjectNode review = review();
      review.remove("request");
      assertBadRequest(AdmissionReviews.bytes(review), "no request");
    }

    @Test
    void noUid() {
      ObjectNode review = review();
      ((ObjectNode) review.path("request")).remove("uid");
      assertBadRequest(AdmissionReviews.bytes(review), "no uid");
    }

    @Test
    void updateWithoutOldObject() {
      ObjectNode review = review();
      ((ObjectNode) review.path("request")).put("operation", "UPDATE");
      assertBadRequest(AdmissionReviews.bytes(review), "request.oldObject is missing");
    }

    @Test
    void objectOfTheWrongShape() {
      ObjectNode review = review();
      ((ObjectNode) review.path("request")).putObject("object").put("spec", "not an object");
      assertBadRequest(AdmissionReviews.bytes(review), "request.object is not a Deployment");
    }

    private ObjectNode review() {
      return (ObjectNode) AdmissionReviews.parse(AdmissionReviews.create(gated(IMAGE_V1).build()));
    }

    private void assertBadRequest(byte[] body, String message) {
      assertThatThrownBy(() -> handler.handle(body))
          .isInstanceOf(BadRequestException.class)
          .hasMessageContaining(message);
    }
  }
}
