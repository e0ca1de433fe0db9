package dev.schemagate.e2e.cluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.schemagate.e2e.cluster.PodLogs;
import dev.schemagate.e2e.cluster.admission.AdmissionRequest;
import dev.schemagate.e2e.cluster.admission.MutatingAdmission;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The test cluster's API server: the Fabric8 mock API server in CRUD mode holds and watches the
 * objects, and this class adds in front of it what kubectl and the product need and the mock lacks:
 *
 * <ul>
 *   <li>discovery and a minimal OpenAPI index ({@link Discovery}), and server-side tables for
 *       {@code kubectl get} ({@link Tables});
 *   <li>patches applied as a real API server applies them: JSON patch strictly (a failed {@code
 *       test} answers 422 instead of leaving the request hanging), JSON merge patch by RFC 7386,
 *       strategic merge patch ({@link StrategicMergePatch}); each becomes a guarded update of the
 *       whole object, retried on a conflict it caused itself;
 *   <li>mutating admission for writes that arrive through the public endpoint ({@link
 *       MutatingAdmission}), dry runs that store nothing, and status kept on updates of the main
 *       resource;
 *   <li>pod logs, from what the kubelet recorded ({@link PodLogs}).
 * </ul>
 *
 * Server-side apply is not supported (415), as in the mock.
 */
public final class ApiServerCore {

  private static final Logger LOG = LoggerFactory.getLogger(ApiServerCore.class);
  private static final int PATCH_ATTEMPTS = 5;

  private final Dispatcher store;
  private final PodLogs logs;
  private final Store reader = new StoreReader();
  private volatile Discovery discovery;
  private volatile MutatingAdmission admission;

  public ApiServerCore(Dispatcher store, PodLogs logs) {
    this.store = store;
    this.logs = logs;
  }

  /** Completes the wiring once the public address is known. */
  public void start(String publicAddress, MutatingAdmission mutatingAdmission) {
    this.discovery = new Discovery(reader, publicAddress);
    this.admission = mutatingAdmission;
  }

  public Store reader() {
    return reader;
  }

  /** Handles one request; {@code admit}: the request came through the public endpoint. */
  public MockResponse handle(RecordedRequest request, boolean admit) {
    ApiPath path = ApiPath.parse(request.getPath());
    String contentType = request.getHeader("Content-Type");
    if (contentType != null && contentType.startsWith("application/vnd.kubernetes.protobuf")) {
      // kubectl's typed generators (kubectl create configmap|secret|deployment ...) send protobuf.
      return ApiResponses.failure(
          415,
          "UnsupportedMediaType",
          "the Schemagate test cluster reads JSON and YAML only, not protobuf: write the object as"
              + " YAML and use kubectl apply -f or kubectl create -f");
    }
    try {
      return switch (request.method()) {
        case GET -> get(request, path);
        case PATCH -> patch(request, path, admit);
        case POST -> create(request, path, admit);
        case PUT -> update(request, path, admit);
        default -> store.dispatch(request);
      };
    } catch (JsonPatchException e) {
      return ApiResponses.failure(422, "Invalid", "the patch cannot be applied: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      return ApiResponses.failure(400, "BadRequest", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("{} {} failed", request.getMethod(), request.getPath(), e);
      return ApiResponses.failure(500, "InternalError", "Internal error occurred: " + e);
    }
  }

  private MockResponse get(RecordedRequest request, ApiPath path) {
    if (path.path().equals("/healthz")
        || path.path().equals("/livez")
        || path.path().equals("/readyz")) {
      return ApiResponses.text(200, "ok");
    }
    if (path.path().equals("/openapi/v2") || path.path().equals("/swagger-2.0.0.pb-v1")) {
      return ApiResponses.failure(404, "NotFound", "OpenAPI v2 is not served; use v3");
    }
    Optional<JsonNode> document = discovery == null ? Optional.empty() : discovery.answer(path);
    if (document.isPresent()) {
      return ApiResponses.json(200, document.get());
    }
    if ("log".equals(path.subresource()) && "pods".equals(path.resource())) {
      return podLog(path);
    }
    if ("scale".equals(path.subresource())) {
      return Scales.get(reader, path);
    }
    MockResponse response = store.dispatch(request);
    if (!path.isWatch() && response.code() == 200 && discovery != null && path.isResource()) {
      Optional<ResourceType> type = type(path);
      if (path.name() == null && type.isPresent()) {
        response = typedList(response, type.get());
      }
      return Tables.maybeTable(request.getHeader("Accept"), path, response, discovery);
    }
    return response;
  }

  /** The mock answers every list as {@code v1 List}; clients decode {@code <Kind>List}. */
  private static MockResponse typedList(MockResponse response, ResourceType type) {
    JsonNode body =
        JsonTrees.parse(new String(response.getBody().getBytes(), StandardCharsets.UTF_8));
    if (!body.isObject() || !"List".equals(body.path("kind").asText())) {
      return response;
    }
    ObjectNode list = JsonTrees.MAPPER.createObjectNode();
    list.put("kind", type.kind() + "List");
    list.put("apiVersion", type.groupVersion());
    list.set("metadata", body.path("metadata"));
    list.set("items", body.path("items"));
    return ApiResponses.json(200, list);
  }

  /**
   * Rewrites each event of a watch whose client asked for tables ({@code kubectl get -w}): its
   * object becomes a one-row Table.
   */
  public java.util.function.UnaryOperator<String> watchEvents(RecordedRequest request) {
    String accept = request.getHeader("Accept");
    ApiPath path = ApiPath.parse(request.getPath());
    if (accept == null || !accept.contains("as=Table") || discovery == null) {
      return java.util.function.UnaryOperator.identity();
    }
    return text -> {
      JsonNode event = JsonTrees.parse(text);
      ObjectNode rewritten = JsonTrees.MAPPER.createObjectNode();
      rewritten.put("type", event.path("type").asText());
      rewritten.set("object", Tables.forObject(path, event.path("object"), discovery));
      return JsonTrees.json(rewritten);
    };
  }

  private MockResponse podLog(ApiPath path) {
    String pod = "/api/v1/namespaces/" + path.namespace() + "/pods/" + path.name();
    if (reader.get(pod).isEmpty()) {
      return ApiResponses.failure(404, "NotFound", "pods \"" + path.name() + "\" not found");
    }
    Integer tail = integer(path.query().get("tailLines"));
    Integer limit = integer(path.query().get("limitBytes"));
    return logs.read(path.namespace(), path.name(), tail, limit)
        .map(text -> ApiResponses.text(200, text))
        .orElseGet(
            () ->
                ApiResponses.failure(
                    400,
                    "BadRequest",
                    "container in pod \"" + path.name() + "\" is waiting to start"));
  }

  private static Integer integer(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return Integer.valueOf(value);
  }

  private MockResponse create(RecordedRequest request, ApiPath path, boolean admit) {
    if (!path.isResource() || path.name() != null) {
      return store.dispatch(request);
    }
    JsonNode object = JsonTrees.parse(request.getBody().getBytes());
    MockResponse created = write(HttpMethod.POST, request.getPath(), path, object, null, admit);
    if (created.code() == 201 && "batch".equals(path.group()) && "jobs".equals(path.resource())) {
      return JobDefaults.afterCreate(created, path, this::storeUpdate);
    }
    return created;
  }

  /** An update of the stored object, without admission (the API server's own defaulting). */
  private MockResponse storeUpdate(String objectPath, JsonNode object) {
    Headers headers = Headers.builder().add("Content-Type", ApiResponses.JSON).build();
    return store.dispatch(
        new RecordedRequest(
            "HTTP/1.1", HttpMethod.PUT, objectPath, headers, new Buffer(JsonTrees.bytes(object))));
  }

  private MockResponse update(RecordedRequest request, ApiPath path, boolean admit) {
    if (!path.isResource() || path.name() == null) {
      return store.dispatch(request);
    }
    if ("scale".equals(path.subresource())) {
      return scale(request, path);
    }
    Optional<JsonNode> current = reader.get(path.objectPath());
    if (current.isEmpty()) {
      return ApiResponses.notFound(path);
    }
    JsonNode object = JsonTrees.parse(request.getBody().getBytes());
    return write(HttpMethod.PUT, request.getPath(), path, object, current.get(), admit);
  }

  private MockResponse patch(RecordedRequest request, ApiPath path, boolean admit) {
    if (!path.isResource() || path.name() == null) {
      return ApiResponses.failure(405, "MethodNotAllowed", "PATCH needs an object path");
    }
    if ("scale".equals(path.subresource())) {
      return scale(request, path);
    }
    String type = Patches.mediaType(request.getHeader("Content-Type"));
    if (type.equals(Patches.APPLY_PATCH)) {
      return ApiResponses.failure(
          415,
          "UnsupportedMediaType",
          "server-side apply is not supported by the Schemagate test cluster: use kubectl apply"
              + " without --server-side");
    }
    JsonNode patch = JsonTrees.parse(request.getBody().getBytes());
    for (int attempt = 1; ; attempt++) {
      Optional<JsonNode> current = reader.get(path.objectPath());
      if (current.isEmpty()) {
        return ApiResponses.notFound(path);
      }
      JsonNode patched = Patches.apply(type, patch, current.get()).orElse(null);
      if (patched == null) {
        return ApiResponses.failure(
            415, "UnsupportedMediaType", "unsupported patch type \"" + type + "\"");
      }
      String currentVersion = JsonTrees.resourceVersion(current.get());
      String patchedVersion = JsonTrees.resourceVersion(patched);
      // A resourceVersion in the patch is the client's precondition; otherwise the guard is ours.
      boolean clientPrecondition = patchedVersion != null && !patchedVersion.equals(currentVersion);
      if (!clientPrecondition && currentVersion != null) {
        JsonTrees.metadata(patched).put("resourceVersion", currentVersion);
      }
      MockResponse response =
          write(HttpMethod.PUT, request.getPath(), path, patched, current.get(), admit);
      if (response.code() != 409 || clientPrecondition || attempt == PATCH_ATTEMPTS) {
        return response;
      }
    }
  }

  /**
   * PUT or PATCH of {@code <resource>/scale}: sets {@code spec.replicas} of the object. Admission
   * is not called: webhooks that want scale changes register {@code deployments/scale}, and the
   * gate does not (a scale change cannot start a rollout).
   */
  private MockResponse scale(RecordedRequest request, ApiPath path) {
    for (int attempt = 1; ; attempt++) {
      Optional<JsonNode> current = reader.get(path.objectPath());
      if (current.isEmpty()) {
        return ApiResponses.notFound(path);
      }
      JsonNode scale = Scales.of(current.get());
      JsonNode body = JsonTrees.parse(request.getBody().getBytes());
      JsonNode changed =
          switch (request.method()) {
            case PUT -> body;
            default ->
                Patches.mediaType(request.getHeader("Content-Type")).equals(Patches.JSON_PATCH)
                    ? JsonPatch.apply(body, scale)
                    : MergePatch.apply(scale, body);
          };
      ObjectNode object = ((ObjectNode) current.get()).deepCopy();
      ((ObjectNode) object.path("spec"))
          .put("replicas", changed.path("spec").path("replicas").asInt());
      MockResponse response =
          write(
              HttpMethod.PUT,
              path.objectPath(),
              ApiPath.parse(path.objectPath()),
              object,
              current.get(),
              false);
      if (response.code() == 200) {
        return ApiResponses.json(
            200,
            Scales.of(
                JsonTrees.parse(
                    new String(response.getBody().getBytes(), StandardCharsets.UTF_8))));
      }
      if (response.code() != 409 || attempt == PATCH_ATTEMPTS) {
        return response;
      }
    }
  }

  private MockResponse write(
      HttpMethod method,
      String rawPath,
      ApiPath path,
      JsonNode object,
      JsonNode current,
      boolean admit) {
    if (!object.isObject()) {
      throw new IllegalArgumentException("the body must be a JSON object");
    }
    JsonNode toStore = object;
    if (admit && admission != null) {
      MutatingAdmission.Result result = admission.admit(admissionRequest(path, object, current));
      if (!result.admitted()) {
        return ApiResponses.failure(result.code(), result.reason(), result.message());
      }
      toStore = result.object();
    }
    if (current != null && path.subresource() == null && hasStatusSubresource(path)) {
      // Updates of the main resource never change status, on a real API server.
      ObjectNode withStatus = ((ObjectNode) toStore).deepCopy();
      withStatus.set("status", current.get("status"));
      if (current.get("status") == null) {
        withStatus.remove("status");
      }
      toStore = withStatus;
    }
    if (path.isDryRun()) {
      return ApiResponses.json(method == HttpMethod.POST ? 201 : 200, toStore);
    }
    Headers headers = Headers.builder().add("Content-Type", ApiResponses.JSON).build();
    return store.dispatch(
        new RecordedRequest(
            "HTTP/1.1", method, rawPath, headers, new Buffer(JsonTrees.bytes(toStore))));
  }

  private AdmissionRequest admissionRequest(ApiPath path, JsonNode object, JsonNode current) {
    String name =
        object.path("metadata").path("name").asText(path.name() == null ? "" : path.name());
    String namespace = path.namespace();
    if (namespace == null && object.path("metadata").has("namespace") && isNamespaced(path)) {
      namespace = object.path("metadata").path("namespace").asText();
    }
    return new AdmissionRequest(
        current == null ? "CREATE" : "UPDATE",
        path.group(),
        path.version(),
        path.resource(),
        path.subresource(),
        namespace,
        name,
        object,
        current,
        path.isDryRun());
  }

  private boolean isNamespaced(ApiPath path) {
    return type(path).map(ResourceType::namespaced).orElse(true);
  }

  private boolean hasStatusSubresource(ApiPath path) {
    return type(path).map(t -> t.subresources().contains("status")).orElse(false);
  }

  private Optional<ResourceType> type(ApiPath path) {
    if (discovery == null) {
      return Optional.empty();
    }
    return discovery.all().stream()
        .filter(
            t ->
                t.group().equals(path.group())
                    && t.version().equals(path.version())
                    && t.plural().equals(path.resource()))
        .findFirst();
  }

  /** In-process reads of the mock's store. */
  private final class StoreReader implements Store {

    @Override
    public Optional<JsonNode> get(String path) {
      MockResponse response = store.dispatch(request(path));
      if (response.code() != 200 || response.getBody() == null) {
        return Optional.empty();
      }
      return Optional.of(JsonTrees.parse(body(response)));
    }

    @Override
    public List<JsonNode> list(String path) {
      MockResponse response = store.dispatch(request(path));
      List<JsonNode> items = new ArrayList<>();
      if (response.code() == 200 && response.getBody() != null) {
        JsonTrees.parse(body(response)).path("items").forEach(items::add);
      }
      return items;
    }

    private RecordedRequest request(String path) {
      return new RecordedRequest(
          "HTTP/1.1", HttpMethod.GET, path, Headers.builder().build(), new Buffer());
    }

    private String body(MockResponse response) {
      return new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
    }
  }
}
