package dev.schemagate.operator.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A CRD version's {@code openAPIV3Schema} as a JSON Schema (draft 4, which OpenAPI 3.0 schemas
 * extend), validated by a real JSON Schema validator. The conversion is what the API server does
 * beyond plain JSON Schema:
 *
 * <ul>
 *   <li>{@code x-kubernetes-int-or-string} becomes {@code anyOf: [integer, string]};
 *   <li>{@code nullable} admits {@code null};
 *   <li>an object with {@code properties} (and without {@code
 *       x-kubernetes-preserve-unknown-fields}) admits no other fields, as {@code kubectl apply}
 *       with its default strict field validation;
 *   <li>the CEL rules ({@code x-kubernetes-validations}) are translated one by one; a rule without
 *       a translation fails loudly, so a new rule in the CRD cannot go untested;
 *   <li>{@code apiVersion}, {@code kind} and {@code metadata} are checked as the API server does
 *       for this kind;
 *   <li>other {@code x-kubernetes-*} markers (list and map types) are dropped.
 * </ul>
 */
final class CrdJsonSchema {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** The CRD's CEL rules, each as the JSON Schema change that expresses it on the root schema. */
  private static final Map<String, Consumer<ObjectNode>> CEL_RULES =
      Map.of(
          "has(self.spec)",
          root -> required(root).add("spec"),
          "size(self.metadata.name) <= 63",
          root -> metadataName(root).put("maxLength", 63));

  private final Schema schema;
  private final JsonNode jsonSchema;

  private CrdJsonSchema(JsonNode jsonSchema) {
    this.jsonSchema = jsonSchema;
    this.schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(jsonSchema);
  }

  /** The schema of the CRD's only served version. */
  static CrdJsonSchema load(Path crdFile) {
    JsonNode crd;
    try {
      crd = ExampleManifests.YAML.readTree(crdFile.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JsonNode spec = crd.path("spec");
    JsonNode version = spec.path("versions").path(0);
    String apiVersion = spec.path("group").asText() + "/" + version.path("name").asText();
    String kind = spec.path("names").path("kind").asText();
    ObjectNode openApi = version.path("schema").path("openAPIV3Schema").deepCopy();
    return new CrdJsonSchema(toJsonSchema(openApi, apiVersion, kind));
  }

  /** The problems, one line each (instance location and message); empty when valid. */
  List<String> validate(JsonNode resource) {
    List<String> problems = new ArrayList<>();
    for (Error error : schema.validate(resource)) {
      problems.add(error.getInstanceLocation() + ": " + error.getMessage());
    }
    return problems;
  }

  JsonNode jsonSchema() {
    return jsonSchema;
  }

  static ObjectNode toJsonSchema(ObjectNode openApi, String apiVersion, String kind) {
    JsonNode rules = openApi.remove("x-kubernetes-validations");
    ObjectNode root = convert(openApi);
    ObjectNode properties = root.withObjectProperty("properties");
    properties.set("apiVersion", enumOf(apiVersion));
    properties.set("kind", enumOf(kind));
    ObjectNode metadata = properties.putObject("metadata");
    metadata.put("type", "object");
    ObjectNode metadataProperties = metadata.putObject("properties");
    metadataProperties
        .putObject("name")
        .put("type", "string")
        // a DNS subdomain, as for every custom resource
        .put("pattern", "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
        .put("maxLength", 253);
    metadataProperties.putObject("namespace").put("type", "string");
    metadata.putArray("required").add("name");
    required(root).add("apiVersion").add("kind").add("metadata");
    if (rules != null) {
      for (JsonNode rule : rules) {
        String expression = rule.path("rule").asText();
        Consumer<ObjectNode> translation = CEL_RULES.get(expression);
        if (translation == null) {
          throw new IllegalStateException(
              "The CRD has a CEL rule without a JSON Schema translation in this test: "
                  + expression
                  + ". Add one to CrdJsonSchema.CEL_RULES.");
        }
        translation.accept(root);
      }
    }
    return root;
  }

  /** Converts one schema node and everything below it, in place. */
  private static ObjectNode convert(ObjectNode node) {
    if (node.has("x-kubernetes-validations")) {
      throw new IllegalStateException(
          "CEL rules below the root have no translation in this test: "
              + node.get("x-kubernetes-validations"));
    }
    boolean preserveUnknown = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    if (node.path("x-kubernetes-int-or-string").asBoolean(false) && !node.has("anyOf")) {
      ArrayNode anyOf = node.putArray("anyOf");
      anyOf.addObject().put("type", "integer");
      anyOf.addObject().put("type", "string");
    }
    if (node.path("nullable").asBoolean(false) && node.has("type")) {
      String type = node.get("type").asText();
      node.putArray("type").add(type).add("null");
    }
    node.remove("nullable");
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      if (names.next().startsWith("x-kubernetes-")) {
        names.remove();
      }
    }
    if (node.has("properties") && !node.has("additionalProperties") && !preserveUnknown) {
      node.put("additionalProperties", false);
    }
    if (node.get("properties") instanceof ObjectNode properties) {
      properties.properties().forEach(p -> convert((ObjectNode) p.getValue()));
    }
    if (node.get("additionalProperties") instanceof ObjectNode additional) {
      convert(additional);
    }
    if (node.get("items") instanceof ObjectNode items) {
      convert(items);
    }
    for (String combinator : List.of("anyOf", "allOf", "oneOf")) {
      if (node.get(combinator) instanceof ArrayNode alternatives) {
        alternatives.forEach(a -> convert((ObjectNode) a));
      }
    }
    return node;
  }

  private static ObjectNode enumOf(String value) {
    ObjectNode node = JSON.objectNode();
    node.put("type", "string");
    node.putArray("enum").add(value);
    return node;
  }

  private static ArrayNode required(ObjectNode schema) {
    return schema.has("required")
        ? (ArrayNode) schema.get("required")
        : schema.putArray("required");
  }

  private static ObjectNode metadataName(ObjectNode root) {
    return (ObjectNode)
        root.withObjectProperty("properties")
            .withObjectProperty("metadata")
            .withObjectProperty("properties")
            .withObjectProperty("name");
  }
}
