package dev.schemagate.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.schemagate.operator.api.SchemagateConstants.GateReasons;
import dev.schemagate.operator.gate.GateDecider;
import dev.schemagate.operator.gate.GateDecision;
import dev.schemagate.operator.gate.GatePatch;
import dev.schemagate.operator.gate.GateTarget;
import dev.schemagate.operator.webhook.server.BadRequestException;
import dev.schemagate.operator.webhook.server.JsonEndpoint;
import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code admission.k8s.io/v1} AdmissionReviews for Deployments with the gate's decision.
 *
 * <p>It always allows the write: the gate mutates (pauses) instead of denying, so GitOps tools and
 * kubectl never see a failed apply. Only a request that is not a well-formed AdmissionReview gets
 * an error (400); a failed DatabaseMigration lookup propagates (500) so the API server applies the
 * configured {@code failurePolicy}.
 */
public final class AdmissionReviewHandler implements JsonEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(AdmissionReviewHandler.class);

  static final String API_VERSION = "admission.k8s.io/v1";
  static final String KIND = "AdmissionReview";
  private static final String WARNING_PREFIX = "schemagate: ";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final GateState gateState;
  private final DeploymentEventSink events;
  private final Clock clock;

  private final KubernetesSerialization serialization = new KubernetesSerialization();

  /**
   * @param events receives the DatabaseMigrationNotFound Warning; called on the request thread, so
   *     pass a non-blocking sink (see {@link AsyncEventSink})
   */
  public AdmissionReviewHandler(GateState gateState, DeploymentEventSink events) {
    this(gateState, events, Clock.systemUTC());
  }

  /**
   * @param clock dates the start of a new hold ({@code schemagate.dev/held-since})
   */
  public AdmissionReviewHandler(GateState gateState, DeploymentEventSink events, Clock clock) {
    this.gateState = gateState;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public byte[] handle(byte[] requestBody) throws BadRequestException {
    JsonNode review = parseJson(requestBody);
    AdmissionRequest request = parse(review);
    AdmissionReview answer =
        new AdmissionReviewBuilder()
            .withApiVersion(API_VERSION)
            .withKind(KIND)
            .withResponse(respond(request, review.path("request").path("object")))
            .build();
    return serialization.asJson(answer).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * @param rawObject {@code request.object} exactly as sent; the patch is computed against it
   */
  AdmissionResponse respond(AdmissionRequest request, JsonNode rawObject)
      throws BadRequestException {
    String operation = request.getOperation();
    if (!isDeployment(request.getKind())
        || !("CREATE".equals(operation) || "UPDATE".equals(operation))) {
      return allowed(request).build();
    }
    Deployment incoming = deployment(request.getObject(), "request.object");
    Deployment old =
        "UPDATE".equals(operation) ? deployment(request.getOldObject(), "request.oldObject") : null;
    DeploymentRef ref = ref(request, incoming);

    GateDecision decision =
        GateDecider.withoutLookup(incoming, old)
            .orElseGet(() -> GateDecider.withTarget(incoming, lookUp(ref.namespace(), incoming)));
    boolean dryRun = Boolean.TRUE.equals(request.getDryRun());
    report(decision, ref, dryRun);

    AdmissionResponseBuilder response = allowed(request);
    ArrayNode patch = GatePatch.of(decision, rawObject, clock.instant());
    if (!patch.isEmpty()) {
      response
          .withPatchType("JSONPatch")
          .withPatch(
              Base64.getEncoder()
                  .encodeToString(patch.toString().getBytes(StandardCharsets.UTF_8)));
    }
    if (decision.message() != null) {
      response.withWarnings(List.of(WARNING_PREFIX + decision.message()));
    }
    return response.build();
  }

  private Optional<GateTarget> lookUp(String namespace, Deployment incoming) {
    String migration = GateDecider.migrationName(incoming);
    // An empty label value names no DatabaseMigration; a GET with an empty name would be a LIST.
    return migration.isBlank() ? Optional.empty() : gateState.find(namespace, migration);
  }

  private void report(GateDecision decision, DeploymentRef ref, boolean dryRun) {
    String suffix = dryRun ? " (dry run)" : "";
    switch (decision) {
      case GateDecision.Hold hold ->
          LOG.info(
              "holding Deployment {}/{} [{}]: {}{}",
              ref.namespace(),
              ref.name(),
              hold.reason(),
              hold.message(),
              suffix);
      case GateDecision.Release release ->
          LOG.info(
              "releasing Deployment {}/{} [{}]: {}{}",
              ref.namespace(),
              ref.name(),
              release.reason(),
              release.message(),
              suffix);
      case GateDecision.Untouched untouched ->
          LOG.debug(
              "Deployment {}/{} passes [{}]{}",
              ref.namespace(),
              ref.name(),
              untouched.reason(),
              suffix);
    }
    // The Event is a side effect, so dry-run requests (sideEffects: NoneOnDryRun) must skip it.
    if (!dryRun && GateReasons.DATABASE_MIGRATION_NOT_FOUND.equals(decision.reason())) {
      events.warning(ref, decision.reason(), decision.message());
    }
  }

  private JsonNode parseJson(byte[] body) throws BadRequestException {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(body);
    } catch (IOException e) {
      throw new BadRequestException("body is not an AdmissionReview: " + rootMessage(e), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new BadRequestException("body is not an AdmissionReview: expected a JSON object");
    }
    return tree;
  }

  private AdmissionRequest parse(JsonNode tree) throws BadRequestException {
    AdmissionReview review;
    try {
      review = serialization.convertValue(tree, AdmissionReview.class);
    } catch (RuntimeException e) {
      throw new BadRequestException("body is not an AdmissionReview: " + rootMessage(e), e);
    }
    if (!API_VERSION.equals(review.getApiVersion()) || !KIND.equals(review.getKind())) {
      throw new BadRequestException(
          "expected apiVersion "
              + API_VERSION
              + " kind "
              + KIND
              + ", got "
              + review.getApiVersion()
              + " "
              + review.getKind());
    }
    AdmissionRequest request = review.getRequest();
    if (request == null) {
      throw new BadRequestException("AdmissionReview has no request");
    }
    if (request.getUid() == null || request.getUid().isBlank()) {
      throw new BadRequestException("AdmissionReview request has no uid");
    }
    if (request.getKind() == null || request.getOperation() == null) {
      throw new BadRequestException("AdmissionReview request lacks kind or operation");
    }
    return request;
  }

  private Deployment deployment(Object object, String field) throws BadRequestException {
    if (object == null) {
      throw new BadRequestException(field + " is missing");
    }
    try {
      return serialization.convertValue(object, Deployment.class);
    } catch (RuntimeException e) {
      throw new BadRequestException(field + " is not a Deployment: " + rootMessage(e), e);
    }
  }

  private static DeploymentRef ref(AdmissionRequest request, Deployment incoming) {
    var metadata = incoming.getMetadata();
    String namespace = request.getNamespace();
    String name = request.getName();
    if (metadata != null) {
      namespace = namespace != null ? namespace : metadata.getNamespace();
      name = name != null && !name.isBlank() ? name : metadata.getName();
    }
    return new DeploymentRef(namespace, name, metadata == null ? null : metadata.getUid());
  }

  private static boolean isDeployment(GroupVersionKind kind) {
    return "apps".equals(kind.getGroup()) && "Deployment".equals(kind.getKind());
  }

  private static AdmissionResponseBuilder allowed(AdmissionRequest request) {
    return new AdmissionResponseBuilder().withUid(request.getUid()).withAllowed(true);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    // Jackson messages can quote the whole input; keep the reply short.
    return message.length() > 300 ? message.substring(0, 300) + "..." : message;
  }
}
