package dev.schemagate.e2e.cluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;

/** Responses in the API server's shapes: JSON objects and {@code Status} failures. */
public final class ApiResponses {

  public static final String JSON = "application/json";

  private ApiResponses() {}

  public static MockResponse json(int code, JsonNode body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", JSON)
        .setBody(JsonTrees.json(body));
  }

  public static MockResponse text(int code, String body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "text/plain; charset=utf-8")
        .setBody(body);
  }

  /** A {@code Status} with {@code status: Failure}, as every API error is. */
  public static MockResponse failure(int code, String reason, String message) {
    ObjectNode status = JsonTrees.MAPPER.createObjectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", reason);
    status.put("code", code);
    return json(code, status);
  }

  public static MockResponse notFound(ApiPath path) {
    return path.resource() == null
        ? failure(404, "NotFound", "the server could not find the requested resource")
        : failure(404, "NotFound", path.resource() + " \"" + path.name() + "\" not found");
  }
}
