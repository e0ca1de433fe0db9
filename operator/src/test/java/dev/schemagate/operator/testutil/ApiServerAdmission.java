package dev.schemagate.operator.testutil;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemagate.operator.api.SchemagateConstants.Webhook;
import dev.schemagate.operator.webhook.testutil.AdmissionReviews;
import dev.schemagate.operator.webhook.testutil.TrustingOnly;
import dev.schemagate.operator.webhook.tls.Pem;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Writes Deployments the way a real API server admits them, since the mock API server calls no
 * webhooks: it reads the MutatingWebhookConfiguration, applies its objectSelector, POSTs the
 * AdmissionReview to the registered URL over HTTPS trusting only the published caBundle, applies
 * the returned JSON patch, and only then stores the object. (The operator's own writes still go to
 * the mock directly: in a real cluster they pass the webhook too, which lets them through.)
 */
public final class ApiServerAdmission {

  private final KubernetesClient client;
  private final String configurationName;

  public ApiServerAdmission(KubernetesClient client, String configurationName) {
    this.client = client;
    this.configurationName = configurationName;
  }

  /** CREATE through the webhook; returns what the API server stored. */
  public Deployment create(Deployment deployment) {
    return client.resource(admit("CREATE", deployment, null)).create();
  }

  /**
   * UPDATE through the webhook, like {@code kubectl apply/edit}: reads, changes, admits, writes
   * with the read resourceVersion, and starts over when someone wrote in between (409).
   */
  public Deployment update(String namespace, String name, UnaryOperator<Deployment> change) {
    for (int attempt = 1; ; attempt++) {
      Deployment stored = client.apps().deployments().inNamespace(namespace).withName(name).get();
      Deployment changed = change.apply(new DeploymentBuilder(stored).build());
      try {
        return client.resource(admit("UPDATE", changed, stored)).update();
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == 5) {
          throw e;
        }
      }
    }
  }

  private Deployment admit(String operation, Deployment object, Deployment old) {
    MutatingWebhookConfiguration configuration =
        client
            .admissionRegistration()
            .v1()
            .mutatingWebhookConfigurations()
            .withName(configurationName)
            .get();
    assertThat(configuration).as("webhook configuration " + configurationName).isNotNull();
    MutatingWebhook webhook =
        configuration.getWebhooks().stream()
            .filter(w -> Webhook.NAME.equals(w.getName()))
            .findFirst()
            .orElseThrow();
    // objectSelector is evaluated against the old and the new object: either matching calls it.
    if (!selects(webhook.getObjectSelector(), object)
        && (old == null || !selects(webhook.getObjectSelector(), old))) {
      return object;
    }
    JsonNode review = call(webhook, AdmissionReviews.review(operation, object, old, false));
    assertThat(review.path("response").path("allowed").asBoolean()).isTrue();
    return AdmissionReviews.patched(object, review);
  }

  private static JsonNode call(MutatingWebhook webhook, byte[] body) {
    String caBundle = webhook.getClientConfig().getCaBundle();
    assertThat(caBundle).as("published caBundle").isNotBlank();
    List<X509Certificate> trusted =
        Pem.parseCertificates(
            new String(Base64.getDecoder().decode(caBundle), StandardCharsets.UTF_8));
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(TrustingOnly.context(trusted))
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(webhook.getClientConfig().getUrl()))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .timeout(Duration.ofSeconds(30))
            .build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.statusCode()).as("webhook HTTP status").isEqualTo(200);
      return AdmissionReviews.parse(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("calling the webhook failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The subset of label selectors the gate uses: matchLabels and Exists. */
  private static boolean selects(LabelSelector selector, Deployment deployment) {
    if (selector == null) {
      return true;
    }
    Map<String, String> labels =
        deployment.getMetadata().getLabels() == null
            ? Map.of()
            : deployment.getMetadata().getLabels();
    if (selector.getMatchLabels() != null
        && !selector.getMatchLabels().entrySet().stream()
            .allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
      return false;
    }
    for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
      if (!"Exists".equals(requirement.getOperator())) {
        throw new UnsupportedOperationException(requirement.getOperator());
      }
      if (!labels.containsKey(requirement.getKey())) {
        return false;
      }
    }
    return true;
  }
}
