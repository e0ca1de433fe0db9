package dev.schemagate.e2e.cluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

/**
 * What the API server adds to a new Job: a selector on its uid and the matching labels on the pod
 * template ({@code batch.kubernetes.io/controller-uid}, {@code batch.kubernetes.io/job-name} and
 * their old spellings), so {@code kubectl logs job/<name>} finds its pods and no other Job's. The
 * mock assigns the uid when it stores the Job, so this runs right after the create.
 */
final class JobDefaults {

  private JobDefaults() {}

  static MockResponse afterCreate(
      MockResponse created, ApiPath path, BiFunction<String, JsonNode, MockResponse> update) {
    ObjectNode job =
        (ObjectNode)
            JsonTrees.parse(new String(created.getBody().getBytes(), StandardCharsets.UTF_8));
    if (job.path("spec").path("manualSelector").asBoolean(false)
        || job.path("spec").has("selector")) {
      return created;
    }
    String uid = job.path("metadata").path("uid").asText();
    String name = job.path("metadata").path("name").asText();
    ObjectNode spec = (ObjectNode) job.path("spec");
    spec.putObject("selector")
        .putObject("matchLabels")
        .put("batch.kubernetes.io/controller-uid", uid);
    ObjectNode template =
        spec.has("template") ? (ObjectNode) spec.get("template") : spec.putObject("template");
    ObjectNode metadata =
        template.has("metadata")
            ? (ObjectNode) template.get("metadata")
            : template.putObject("metadata");
    ObjectNode labels =
        metadata.has("labels") ? (ObjectNode) metadata.get("labels") : metadata.putObject("labels");
    labels.put("batch.kubernetes.io/controller-uid", uid);
    labels.put("controller-uid", uid);
    labels.put("batch.kubernetes.io/job-name", name);
    labels.put("job-name", name);
    MockResponse updated = update.apply(path.path() + "/" + name, job);
    if (updated.code() != 200) {
      return created;
    }
    return new MockResponse()
        .setResponseCode(201)
        .setHeader("Content-Type", ApiResponses.JSON)
        .setBody(updated.getBody().getBytes());
  }
}
