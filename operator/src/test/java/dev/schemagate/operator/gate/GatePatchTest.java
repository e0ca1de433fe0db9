package dev.schemagate.operator.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.schemagate.operator.webhook.testutil.AdmissionReviews;
import io.fabric8.zjsonpatch.JsonPatch;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GatePatchTest {

  private static final GateDecision HOLD =
      new GateDecision.Hold("RolloutHeld", "img@sha256:b", "m");
  private static final GateDecision RELEASE = new GateDecision.Release("RolloutReleased", "m");

  private static JsonNode json(String text) throws Exception {
    return AdmissionReviews.JSON.readTree(text.replace('\'', '"'));
  }

  private static final Instant NOW = Instant.parse("2025-03-01T10:15:30.250Z");
  private static final String SINCE = "2025-03-01T10:15:30Z";

  private static JsonNode apply(GateDecision decision, JsonNode incoming) {
    return JsonPatch.apply(patch(decision, incoming), incoming);
  }

  private static ArrayNode patch(GateDecision decision, JsonNode incoming) {
    return GatePatch.of(decision, incoming, NOW);
  }

  @Test
  void escapesJsonPointerTokens() {
    assertThat(GatePatch.escape("schemagate.dev/held-for")).isEqualTo("schemagate.dev~1held-for");
    assertThat(GatePatch.escape("a~/b")).isEqualTo("a~0~1b");
  }

  @Test
  void holdCreatesAbsentAnnotations() throws Exception {
    JsonNode result = apply(HOLD, json("{'metadata':{'name':'x'},'spec':{'replicas':1}}"));

    assertThat(result.toString())
        .isEqualTo(
            json("{'metadata':{'name':'x','annotations':{'schemagate.dev/held-for':'img@sha256:b',"
                    + "'schemagate.dev/held-since':'"
                    + SINCE
                    + "'}},'spec':{'replicas':1,'paused':true}}")
                .toString());
  }

  @Test
  void holdAddsToAnEmptyOrNullAnnotationMap() throws Exception {
    for (String annotations : new String[] {"{}", "null"}) {
      JsonNode result =
          apply(HOLD, json("{'metadata':{'annotations':" + annotations + "},'spec':{}}"));
      JsonNode markers = result.path("metadata").path("annotations");
      assertThat(markers.path("schemagate.dev/held-for").asText()).isEqualTo("img@sha256:b");
      assertThat(markers.path("schemagate.dev/held-since").asText()).isEqualTo(SINCE);
    }
  }

  @Test
  void holdCreatesMissingMetadataAndSpec() throws Exception {
    JsonNode result = apply(HOLD, json("{}"));

    assertThat(result.path("spec").path("paused").asBoolean()).isTrue();
    assertThat(result.path("metadata").path("annotations").size()).isEqualTo(2);
  }

  @Test
  void holdTurnsAnExplicitFalseIntoTrue() throws Exception {
    JsonNode result = apply(HOLD, json("{'metadata':{},'spec':{'paused':false}}"));

    assertThat(result.path("spec").path("paused").asBoolean()).isTrue();
  }

  @Test
  void holdOnAnAlreadyHeldObjectIsEmpty() throws Exception {
    JsonNode held =
        json(
            "{'metadata':{'annotations':{'schemagate.dev/held-for':'img@sha256:b',"
                + "'schemagate.dev/held-since':'2025-01-01T00:00:00Z'}},'spec':{'paused':true}}");

    assertThat(patch(HOLD, held)).isEmpty();
  }

  @Test
  void holdMovingToAnotherImageKeepsWhenItBegan() throws Exception {
    JsonNode held =
        json(
            "{'metadata':{'annotations':{'schemagate.dev/held-for':'img@sha256:a',"
                + "'schemagate.dev/held-since':'2025-01-01T00:00:00Z'}},'spec':{'paused':true}}");

    JsonNode result = apply(HOLD, held);

    assertThat(patch(HOLD, held)).hasSize(1);
    assertThat(
            result.path("metadata").path("annotations").path("schemagate.dev/held-since").asText())
        .isEqualTo("2025-01-01T00:00:00Z");
    assertThat(result.path("metadata").path("annotations").path("schemagate.dev/held-for").asText())
        .isEqualTo("img@sha256:b");
  }

  @Test
  void releaseRemovesOnlyWhatIsThere() throws Exception {
    JsonNode markerOnly =
        json("{'metadata':{'annotations':{'schemagate.dev/held-for':'x','team':'a'}},'spec':{}}");

    JsonNode result = apply(RELEASE, markerOnly);

    assertThat(result.toString())
        .isEqualTo(json("{'metadata':{'annotations':{'team':'a'}},'spec':{}}").toString());
    assertThat(patch(RELEASE, json("{'metadata':{},'spec':{}}"))).isEmpty();
  }

  @Test
  void releaseRemovesPauseAndBothMarkersInOnePatch() throws Exception {
    JsonNode held =
        json(
            "{'metadata':{'annotations':{'schemagate.dev/held-for':'x',"
                + "'schemagate.dev/held-since':'2025-01-01T00:00:00Z'}},'spec':{'paused':true}}");

    JsonNode result = apply(RELEASE, held);

    assertThat(result.toString())
        .isEqualTo(json("{'metadata':{'annotations':{}},'spec':{}}").toString());
  }

  @Test
  void untouchedIsEmpty() throws Exception {
    assertThat(patch(new GateDecision.Untouched("NotGated", null), json("{}"))).isEmpty();
  }
}
