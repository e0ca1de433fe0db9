package dev.schemagate.e2e.cluster.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.schemagate.e2e.cluster.apiserver.JsonTrees;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdmissionTest {

  static JsonNode json(String text) {
    return JsonTrees.parse(text.replace('\'', '"'));
  }

  static final JsonNode WEBHOOK =
      json(
          "{'name':'deployments.schemagate.dev','rules':[{'apiGroups':['apps'],'apiVersions':['v1'],"
              + "'operations':['CREATE','UPDATE'],'resources':['deployments'],'scope':'Namespaced'}],"
              + "'objectSelector':{'matchExpressions':[{'key':'schemagate.dev/migration','operator':'Exists'}]},"
              + "'namespaceSelector':{'matchExpressions':[{'key':'kubernetes.io/metadata.name','operator':'In','values':['shop']}]}}");

  static AdmissionRequest request(
      String operation, String subresource, JsonNode object, JsonNode old) {
    return new AdmissionRequest(
        operation, "apps", "v1", "deployments", subresource, "shop", "orders", object, old, false);
  }

  static final JsonNode GATED =
      json(
          "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'orders','labels':{'schemagate.dev/migration':'orders'}}}");
  static final JsonNode PLAIN =
      json(
          "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'orders','labels':{'app':'orders'}}}");

  @Test
  void rulesAndSelectorsDecideWhetherTheWebhookIsCalled() {
    Map<String, String> shop = Map.of("kubernetes.io/metadata.name", "shop");
    assertThat(WebhookRules.applies(WEBHOOK, request("CREATE", null, GATED, null), shop)).isTrue();
    assertThat(WebhookRules.applies(WEBHOOK, request("CREATE", null, PLAIN, null), shop)).isFalse();
    assertThat(WebhookRules.applies(WEBHOOK, request("UPDATE", null, PLAIN, GATED), shop))
        .as("the old object carried the label: removing it is judged too")
        .isTrue();
    assertThat(WebhookRules.applies(WEBHOOK, request("UPDATE", "scale", GATED, GATED), shop))
        .as("deployments does not match deployments/scale")
        .isFalse();
    assertThat(WebhookRules.applies(WEBHOOK, request("DELETE", null, GATED, null), shop)).isFalse();
    assertThat(
            WebhookRules.applies(
                WEBHOOK,
                request("CREATE", null, GATED, null),
                Map.of("kubernetes.io/metadata.name", "other")))
        .isFalse();
  }

  @Test
  void labelSelectorOperators() {
    JsonNode selector =
        json(
            "{'matchLabels':{'a':'1'},'matchExpressions':[{'key':'b','operator':'NotIn','values':['x']},"
                + "{'key':'c','operator':'DoesNotExist'}]}");
    assertThat(LabelSelectors.matches(selector, Map.of("a", "1", "b", "y"))).isTrue();
    assertThat(LabelSelectors.matches(selector, Map.of("a", "1", "b", "x"))).isFalse();
    assertThat(LabelSelectors.matches(selector, Map.of("a", "1", "c", "z"))).isFalse();
    assertThat(LabelSelectors.matches(json("{}"), Map.of())).isTrue();
    assertThat(LabelSelectors.matches(null, Map.of())).isTrue();
  }

  @Test
  void theReviewCarriesObjectOldObjectAndKinds() {
    ObjectNode review = AdmissionReviews.request(request("UPDATE", null, GATED, PLAIN), "uid-1");
    JsonNode body = review.path("request");
    assertThat(review.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
    assertThat(body.path("uid").asText()).isEqualTo("uid-1");
    assertThat(body.path("kind").path("kind").asText()).isEqualTo("Deployment");
    assertThat(body.path("resource").path("resource").asText()).isEqualTo("deployments");
    assertThat(body.path("operation").asText()).isEqualTo("UPDATE");
    assertThat(body.path("object")).isEqualTo(GATED);
    assertThat(body.path("oldObject")).isEqualTo(PLAIN);
  }

  @Test
  void theAnswersPatchIsAppliedStrictly() {
    String patch =
        Base64.getEncoder()
            .encodeToString(
                "[{\"op\":\"add\",\"path\":\"/spec\",\"value\":{\"paused\":true}}]"
                    .getBytes(StandardCharsets.UTF_8));
    JsonNode answer =
        json(
            "{'response':{'uid':'u','allowed':true,'patchType':'JSONPatch','patch':'"
                + patch
                + "'}}");
    AdmissionReviews.Verdict verdict = AdmissionReviews.verdict(answer, "u", GATED);
    assertThat(verdict.allowed()).isTrue();
    assertThat(verdict.object().path("spec").path("paused").asBoolean()).isTrue();

    assertThatThrownBy(() -> AdmissionReviews.verdict(answer, "other", GATED))
        .hasMessageContaining("uid");
    AdmissionReviews.Verdict denied =
        AdmissionReviews.verdict(
            json("{'response':{'uid':'u','allowed':false,'status':{'code':403,'message':'no'}}}"),
            "u",
            GATED);
    assertThat(denied.allowed()).isFalse();
    assertThat(denied.code()).isEqualTo(403);
    assertThat(denied.message()).isEqualTo("no");
  }
}
