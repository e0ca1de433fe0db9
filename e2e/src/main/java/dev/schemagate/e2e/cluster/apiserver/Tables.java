package dev.schemagate.e2e.cluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Server-side printing for {@code kubectl get}: when the client asks for a {@code meta.k8s.io/v1
 * Table}, lists and objects are answered as one, with the CRD's printer columns for custom
 * resources (so {@code kubectl get dbm} shows Phase, Image, Ready, Age) and the usual columns for
 * the built-in kinds the test cluster plays.
 */
final class Tables {

  private Tables() {}

  record Column(String name, String type, int priority, Function<JsonNode, Object> cell) {}

  static MockResponse maybeTable(
      String accept, ApiPath path, MockResponse response, Discovery discovery) {
    if (accept == null || !accept.contains("as=Table") || !path.isResource()) {
      return response;
    }
    if (path.subresource() != null) {
      return response;
    }
    JsonNode body =
        JsonTrees.parse(new String(response.getBody().getBytes(), StandardCharsets.UTF_8));
    List<JsonNode> objects = new ArrayList<>();
    if (body.has("items")) {
      body.path("items").forEach(objects::add);
    } else if (body.has("metadata")) {
      objects.add(body);
    } else {
      return response;
    }
    List<Column> columns = columns(path, discovery);
    return ApiResponses.json(200, table(body, objects, columns, Instant.now()));
  }

  /** One object as a one-row Table (a watch event's object for {@code kubectl get -w}). */
  static JsonNode forObject(ApiPath path, JsonNode object, Discovery discovery) {
    if (!object.has("metadata")) {
      return object;
    }
    return table(object, List.of(object), columns(path, discovery), Instant.now());
  }

  static ObjectNode table(
      JsonNode body, List<JsonNode> objects, List<Column> columns, Instant now) {
    ObjectNode table = JsonTrees.MAPPER.createObjectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode metadata = table.putObject("metadata");
    String version = body.path("metadata").path("resourceVersion").asText("");
    if (!version.isEmpty()) {
      metadata.put("resourceVersion", version);
    }
    ArrayNode definitions = table.putArray("columnDefinitions");
    definitions
        .addObject()
        .put("name", "Name")
        .put("type", "string")
        .put("format", "name")
        .put("description", "Name")
        .put("priority", 0);
    for (Column column : columns) {
      definitions
          .addObject()
          .put("name", column.name())
          .put("type", column.type().equals("date") ? "string" : column.type())
          .put("format", "")
          .put("description", column.name())
          .put("priority", column.priority());
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells.add(object.path("metadata").path("name").asText());
      for (Column column : columns) {
        Object value = column.cell().apply(object);
        if (column.type().equals("date")) {
          cells.add(Ages.since(value == null ? null : value.toString(), now));
        } else if (value instanceof Number n) {
          cells.add(n.longValue());
        } else {
          cells.add(value == null ? "" : value.toString());
        }
      }
      row.set("object", object);
    }
    return table;
  }

  private static List<Column> columns(ApiPath path, Discovery discovery) {
    String key = path.group() + "/" + path.resource();
    return switch (key) {
      case "apps/deployments" -> deploymentColumns();
      case "apps/replicasets" -> replicaSetColumns();
      case "batch/jobs" -> jobColumns();
      case "/pods" -> podColumns();
      case "/events" -> eventColumns();
      case "/namespaces" ->
          List.of(
              new Column("Status", "string", 0, o -> text(o, ".status.phase", "Active")), age());
      default -> customColumns(path, discovery);
    };
  }

  private static Column age() {
    return new Column("Age", "date", 0, o -> text(o, ".metadata.creationTimestamp", null));
  }

  private static String text(JsonNode object, String path, String fallback) {
    String value = JsonPathLite.text(object, path);
    return value.isEmpty() ? fallback : value;
  }

  private static long number(JsonNode object, String path) {
    String value = JsonPathLite.text(object, path);
    return value.isEmpty() ? 0 : Long.parseLong(value);
  }

  private static List<Column> deploymentColumns() {
    return List.of(
        new Column(
            "Ready",
            "string",
            0,
            o -> number(o, ".status.readyReplicas") + "/" + number(o, ".spec.replicas")),
        new Column("Up-to-date", "integer", 0, o -> number(o, ".status.updatedReplicas")),
        new Column("Available", "integer", 0, o -> number(o, ".status.availableReplicas")),
        age(),
        new Column("Paused", "string", 1, o -> text(o, ".spec.paused", "false")),
        new Column("Images", "string", 1, o -> images(o.path("spec").path("template"))));
  }

  private static List<Column> replicaSetColumns() {
    return List.of(
        new Column("Desired", "integer", 0, o -> number(o, ".spec.replicas")),
        new Column("Current", "integer", 0, o -> number(o, ".status.replicas")),
        new Column("Ready", "integer", 0, o -> number(o, ".status.readyReplicas")),
        age(),
        new Column("Images", "string", 1, o -> images(o.path("spec").path("template"))));
  }

  private static List<Column> jobColumns() {
    return List.of(
        new Column("Status", "string", 0, Tables::jobStatus),
        new Column(
            "Completions",
            "string",
            0,
            o ->
                number(o, ".status.succeeded") + "/" + Math.max(1, number(o, ".spec.completions"))),
        age(),
        new Column("Images", "string", 1, o -> images(o.path("spec").path("template"))));
  }

  private static String jobStatus(JsonNode job) {
    for (JsonNode condition : job.path("status").path("conditions")) {
      if ("True".equals(condition.path("status").asText())) {
        String type = condition.path("type").asText();
        if (type.equals("Complete") || type.equals("Failed") || type.equals("Suspended")) {
          return type;
        }
      }
    }
    return job.path("status").path("active").asInt(0) > 0 ? "Running" : "Pending";
  }

  private static List<Column> podColumns() {
    return List.of(
        new Column("Ready", "string", 0, Tables::podReady),
        new Column("Status", "string", 0, Tables::podStatus),
        new Column(
            "Restarts", "integer", 0, o -> number(o, ".status.containerStatuses[0].restartCount")),
        age());
  }

  private static String podReady(JsonNode pod) {
    int total = pod.path("spec").path("containers").size();
    int ready = 0;
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      if (status.path("ready").asBoolean(false)) {
        ready++;
      }
    }
    return ready + "/" + total;
  }

  private static String podStatus(JsonNode pod) {
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      JsonNode state = status.path("state");
      if (state.has("waiting")) {
        return state.path("waiting").path("reason").asText("Waiting");
      }
      if (state.has("terminated")) {
        return state.path("terminated").path("reason").asText("Terminated");
      }
    }
    return pod.path("status").path("phase").asText("Pending");
  }

  private static List<Column> eventColumns() {
    return List.of(
        new Column("Last Seen", "date", 0, o -> eventTime(o)),
        new Column("Type", "string", 0, o -> text(o, ".type", "")),
        new Column("Reason", "string", 0, o -> text(o, ".reason", "")),
        new Column(
            "Object",
            "string",
            0,
            o ->
                text(o, ".involvedObject.kind", "").toLowerCase()
                    + "/"
                    + text(o, ".involvedObject.name", "")),
        new Column("Message", "string", 0, o -> text(o, ".message", "")));
  }

  private static String eventTime(JsonNode event) {
    for (String field : List.of(".lastTimestamp", ".eventTime", ".firstTimestamp")) {
      String value = JsonPathLite.text(event, field);
      if (!value.isEmpty()) {
        return value;
      }
    }
    return JsonPathLite.text(event, ".metadata.creationTimestamp");
  }

  private static String images(JsonNode template) {
    List<String> images = new ArrayList<>();
    template.path("spec").path("containers").forEach(c -> images.add(c.path("image").asText()));
    return String.join(",", images);
  }

  private static List<Column> customColumns(ApiPath path, Discovery discovery) {
    Discovery.PrinterColumns printer =
        discovery.printerColumns(path.group(), path.version(), path.resource());
    List<Column> columns = new ArrayList<>();
    for (JsonNode definition : printer.columns()) {
      String jsonPath = definition.path("jsonPath").asText();
      columns.add(
          new Column(
              definition.path("name").asText(),
              definition.path("type").asText("string"),
              definition.path("priority").asInt(0),
              o -> JsonPathLite.text(o, jsonPath)));
    }
    if (!printer.defined()) {
      columns.add(age());
    }
    return columns;
  }
}
