package dev.schemagate.e2e.cluster.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class PatchesTest {

  static JsonNode json(String text) {
    return JsonTrees.parse(text.replace('\'', '"'));
  }

  @Test
  void mergePatchReplacesArraysAndRemovesNulls() {
    JsonNode target = json("{'spec':{'list':[1,2],'keep':true,'drop':1},'status':{'a':1}}");
    JsonNode patched = MergePatch.apply(target, json("{'spec':{'list':[3],'drop':null}}"));
    assertThat(patched).isEqualTo(json("{'spec':{'list':[3],'keep':true},'status':{'a':1}}"));
    assertThat(target.path("spec").path("list")).hasSize(2);
  }

  @Test
  void strategicMergePatchMergesContainersByNameAsKubectlApplySendsIt() {
    JsonNode deployment =
        json(
            "{'spec':{'paused':true,'template':{'spec':{'containers':["
                + "{'name':'app','image':'v1','env':[{'name':'A','value':'1'}]},"
                + "{'name':'sidecar','image':'s1'}]}}}}");
    JsonNode patch =
        json(
            "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'app'},{'name':'sidecar'}],"
                + "'containers':[{'name':'app','image':'v2','env':[{'name':'B','value':'2'}]}]}}}}");

    JsonNode patched = StrategicMergePatch.apply(deployment, patch);

    JsonNode containers = patched.path("spec").path("template").path("spec").path("containers");
    assertThat(containers).hasSize(2);
    assertThat(containers.get(0).path("image").asText()).isEqualTo("v2");
    assertThat(containers.get(0).path("env")).hasSize(2);
    assertThat(containers.get(1).path("image").asText()).isEqualTo("s1");
    assertThat(patched.path("spec").path("paused").asBoolean()).isTrue();
    assertThat(patched.toString()).doesNotContain("$setElementOrder");
  }

  @Test
  void strategicMergePatchDirectives() {
    JsonNode target =
        json(
            "{'spec':{'containers':[{'name':'a'},{'name':'b'}],'args':['x','y'],'m':{'k':1,'l':2}}}");
    JsonNode patched =
        StrategicMergePatch.apply(
            target,
            json(
                "{'spec':{'containers':[{'name':'a','$patch':'delete'}],'args':['z'],"
                    + "'m':{'$patch':'replace','n':3}}}"));
    assertThat(patched)
        .isEqualTo(json("{'spec':{'containers':[{'name':'b'}],'args':['z'],'m':{'n':3}}}"));

    JsonNode removed =
        StrategicMergePatch.apply(
            json("{'metadata':{'annotations':{'a':'1','b':'2'}},'spec':{'paused':true}}"),
            json("{'metadata':{'annotations':{'a':null}},'spec':{'paused':null}}"));
    assertThat(removed).isEqualTo(json("{'metadata':{'annotations':{'b':'2'}},'spec':{}}"));
  }

  @Test
  void jsonPathLiteReadsPrinterColumnPaths() {
    JsonNode object =
        json(
            "{'status':{'phase':'Failed','conditions':[{'type':'Reconciling','status':'False'},"
                + "{'type':'Ready','status':'True'}]},'spec':{'items':[{'n':1},{'n':2}]}}");
    assertThat(JsonPathLite.text(object, ".status.phase")).isEqualTo("Failed");
    assertThat(JsonPathLite.text(object, ".status.conditions[?(@.type==\"Ready\")].status"))
        .isEqualTo("True");
    assertThat(JsonPathLite.text(object, ".spec.items[1].n")).isEqualTo("2");
    assertThat(JsonPathLite.find(object, ".spec.items[*].n")).hasSize(2);
    assertThat(JsonPathLite.text(object, ".status.missing")).isEmpty();
  }

  @Test
  void agesAreWrittenLikeKubectl() {
    assertThat(Ages.human(java.time.Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(Ages.human(java.time.Duration.ofSeconds(200))).isEqualTo("3m20s");
    assertThat(Ages.human(java.time.Duration.ofMinutes(75))).isEqualTo("75m");
    assertThat(Ages.human(java.time.Duration.ofMinutes(250))).isEqualTo("4h10m");
    assertThat(Ages.human(java.time.Duration.ofDays(3))).isEqualTo("3d");
  }
}
