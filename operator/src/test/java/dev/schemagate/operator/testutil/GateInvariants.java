package dev.schemagate.operator.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.schemagate.operator.api.SchemagateConstants.Annotations;
import dev.schemagate.operator.api.SchemagateConstants.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks every write the API server stores (fed by {@link FaultInjectingDispatcher}, in the store's
 * order) against the product's promises:
 *
 * <ul>
 *   <li>a gated Deployment is never stored unpaused with an image whose migration Job has not
 *       completed, nor before the DatabaseMigration's status lists that image as succeeded (the
 *       operator writes the status first, then releases);
 *   <li>a migration Job is created once: never a second successful create of the same name (also
 *       not after a delete).
 * </ul>
 *
 * <p>Test writes of gated Deployments must therefore be held (as the webhook stores them).
 */
public final class GateInvariants implements FaultInjectingDispatcher.WriteObserver {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Integer> jobCreates = new HashMap<>();
  private final Set<String> completedRuns = new HashSet<>();
  private final Map<String, Set<String>> succeededImages = new HashMap<>();
  private final List<String> violations = new ArrayList<>();
  private int unpausedWrites;

  @Override
  public synchronized void written(String method, String path, String body) {
    if (method.equals("DELETE")) {
      return;
    }
    JsonNode object = parse(body);
    if (object == null) {
      return;
    }
    String kind = object.path("kind").asText();
    String namespace = object.path("metadata").path("namespace").asText();
    String name = object.path("metadata").path("name").asText();
    switch (kind) {
      case "Job" -> job(method, path, namespace, name, object);
      case "DatabaseMigration" -> migration(namespace, name, object);
      case "Deployment" -> deployment(namespace, name, object);
      default -> {}
    }
  }

  private void job(String method, String path, String namespace, String name, JsonNode job) {
    if (method.equals("POST") && !path.contains("/status")) {
      jobCreates.merge(namespace + "/" + name, 1, Integer::sum);
    }
    String migration = job.path("metadata").path("labels").path(Labels.MIGRATION).asText(null);
    String image = job.path("metadata").path("annotations").path(Annotations.IMAGE).asText(null);
    if (migration == null || image == null) {
      return;
    }
    for (JsonNode condition : job.path("status").path("conditions")) {
      if (condition.path("type").asText().equals("Complete")
          && condition.path("status").asText().equals("True")) {
        completedRuns.add(run(namespace, migration, image));
      }
    }
  }

  private void migration(String namespace, String name, JsonNode migration) {
    for (JsonNode image : migration.path("status").path("succeededImages")) {
      succeededImages
          .computeIfAbsent(namespace + "/" + name, k -> new HashSet<>())
          .add(image.asText());
    }
  }

  private void deployment(String namespace, String name, JsonNode deployment) {
    String migration =
        deployment.path("metadata").path("labels").path(Labels.MIGRATION).asText(null);
    if (migration == null || deployment.path("spec").path("paused").asBoolean(false)) {
      return;
    }
    unpausedWrites++;
    String image =
        deployment
            .path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .path(0)
            .path("image")
            .asText();
    if (!completedRuns.contains(run(namespace, migration, image))) {
      violations.add(
          "Deployment "
              + namespace
              + "/"
              + name
              + " stored unpaused with "
              + image
              + " before its migration Job completed");
    } else if (!succeededImages
        .getOrDefault(namespace + "/" + migration, Set.of())
        .contains(image)) {
      violations.add(
          "Deployment "
              + namespace
              + "/"
              + name
              + " stored unpaused with "
              + image
              + " before the DatabaseMigration's status recorded its success");
    }
  }

  /** Every broken promise seen so far; empty when all is well. */
  public synchronized List<String> violations() {
    List<String> all = new ArrayList<>(violations);
    jobCreates.forEach(
        (job, count) -> {
          if (count > 1) {
            all.add("Job " + job + " was created " + count + " times");
          }
        });
    return all;
  }

  /** Successful creates of migration Jobs, one per Job name when all is well. */
  public synchronized int jobsCreated() {
    return jobCreates.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Stored writes of gated Deployments that left them unpaused (releases and later writes). */
  public synchronized int unpausedWrites() {
    return unpausedWrites;
  }

  private static String run(String namespace, String migration, String image) {
    return namespace + "/" + migration + "@" + image;
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
