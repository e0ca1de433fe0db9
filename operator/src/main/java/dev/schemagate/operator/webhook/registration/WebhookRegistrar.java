package dev.schemagate.operator.webhook.registration;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.schemagate.operator.api.SchemagateConstants.Labels;
import dev.schemagate.operator.api.SchemagateConstants.Webhook;
import dev.schemagate.operator.webhook.WebhookSettings;
import dev.schemagate.operator.webhook.tls.CaBundlePublisher;
import dev.schemagate.operator.webhook.tls.Pem;
import dev.schemagate.operator.webhook.tls.RenewalPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ServiceReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the caBundle of the webhook configuration current, and, outside a cluster, the whole
 * configuration.
 *
 * <p>Ownership rule. Registered by URL ({@code SCHEMAGATE_WEBHOOK_URL}: sandbox, development), the
 * operator creates the configuration when it is missing, labels it {@code
 * app.kubernetes.io/managed-by: schemagate} and keeps it exactly as {@link DesiredWebhook} says. In
 * a cluster (registered by Service) the Helm chart owns the configuration: the operator never
 * creates it (it has no RBAC for that, and a replica recreating it after {@code helm uninstall}
 * would leave a fail-closed webhook with nothing behind it); it only writes the caBundle of the
 * webhook named {@code deployments.schemagate.dev} and leaves every other field to the chart. A
 * missing or forbidden configuration is "not there yet": warned about once, retried by the periodic
 * check. Writes are JSON patches (no server-side apply) guarded against concurrent writers.
 */
public final class WebhookRegistrar implements CaBundlePublisher {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookRegistrar.class);
  private static final int ATTEMPTS = 3;

  private final KubernetesClient client;
  private final WebhookSettings settings;
  private final Clock clock;
  private final KubernetesSerialization serialization = new KubernetesSerialization();
  private final WarnOnce warnings = new WarnOnce(LOG);
  private final WarnOnce wiring = new WarnOnce(LOG);

  public WebhookRegistrar(KubernetesClient client, WebhookSettings settings, Clock clock) {
    this.client = client;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public Result publish(List<X509Certificate> bundle, boolean overwriteUnknown) {
    String caBundle = base64(Pem.certificates(bundle));
    for (int attempt = 1; ; attempt++) {
      try {
        return publishOnce(bundle, caBundle, overwriteUnknown);
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
          notFound(); // deleted between our read and our write
          return Result.NOT_REGISTERED;
        }
        if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
          return notRegistered(e);
        }
        // 409: changed since we read it; 422: our JSON patch's "test" failed (webhooks reordered).
        boolean retriable = e.getCode() == HttpURLConnection.HTTP_CONFLICT || e.getCode() == 422;
        if (!retriable || attempt == ATTEMPTS) {
          throw e;
        }
        LOG.debug("webhook configuration changed while writing it; retrying");
      }
    }
  }

  @Override
  public boolean needsPublishing(List<X509Certificate> bundle) {
    MutatingWebhookConfiguration existing;
    try {
      existing = configurationResource().get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
        notRegistered(e);
        return false;
      }
      throw e;
    }
    String caBundle = base64(Pem.certificates(bundle));
    if (existing == null) {
      if (settings.operatorOwnsConfiguration()) {
        return true;
      }
      notFound();
      return false;
    }
    if (settings.operatorOwnsConfiguration() && ownedByOperator(existing)) {
      return !Objects.equals(
          existing.getWebhooks(), List.of(DesiredWebhook.webhook(settings, caBundle)));
    }
    int index = indexOfOurWebhook(existing);
    return index >= 0 && !caBundle.equals(caBundleAt(existing, index));
  }

  private Result publishOnce(
      List<X509Certificate> bundle, String caBundle, boolean overwriteUnknown) {
    Resource<MutatingWebhookConfiguration> resource = configurationResource();
    MutatingWebhookConfiguration existing = resource.get();
    if (existing == null) {
      if (!settings.operatorOwnsConfiguration()) {
        notFound();
        return Result.NOT_REGISTERED;
      }
      // A replica that loses the create race gets 409 and retries against the winner's copy.
      client
          .admissionRegistration()
          .v1()
          .mutatingWebhookConfigurations()
          .resource(DesiredWebhook.configuration(settings, caBundle))
          .create();
      LOG.info("created MutatingWebhookConfiguration {}", settings.configurationName());
      return registered();
    }
    int index = indexOfOurWebhook(existing);
    String published = index < 0 ? null : caBundleAt(existing, index);
    if (!overwriteUnknown && holdsUnknownCa(published, bundle)) {
      return Result.UNKNOWN_CA;
    }
    if (settings.operatorOwnsConfiguration() && ownedByOperator(existing)) {
      MutatingWebhook desired = DesiredWebhook.webhook(settings, caBundle);
      if (!Objects.equals(existing.getWebhooks(), List.of(desired))) {
        resource.patch(PatchContext.of(PatchType.JSON), ownedPatch(existing, desired));
        LOG.info("updated MutatingWebhookConfiguration {}", settings.configurationName());
      }
      return registered();
    }
    if (index < 0) {
      warnings.warn(
          "no-webhook",
          "MutatingWebhookConfiguration {} has no webhook {}; leaving it alone",
          settings.configurationName(),
          Webhook.NAME);
      return Result.NOT_REGISTERED;
    }
    warnIfServedElsewhere(existing.getWebhooks().get(index));
    if (!caBundle.equals(published)) {
      resource.patch(PatchContext.of(PatchType.JSON), caBundlePatch(index, caBundle));
      LOG.info(
          "injected the webhook CA bundle into MutatingWebhookConfiguration {}",
          settings.configurationName());
    }
    return registered();
  }

  private Result registered() {
    if (warnings.clear()) {
      LOG.info("MutatingWebhookConfiguration {} is registered", settings.configurationName());
    }
    return Result.PUBLISHED;
  }

  private void notFound() {
    warnings.warn(
        "not-found",
        "MutatingWebhookConfiguration {} does not exist (yet): the Helm chart creates it; its CA"
            + " bundle will be injected once it does",
        settings.configurationName());
  }

  private Result notRegistered(KubernetesClientException e) {
    warnings.warn(
        "forbidden",
        "not allowed to read or write MutatingWebhookConfiguration {} (HTTP {}): check the"
            + " operator's RBAC; retrying periodically",
        settings.configurationName(),
        e.getCode());
    return Result.NOT_REGISTERED;
  }

  /**
   * The serving certificate covers the Service's names; a configuration that calls another Service
   * cannot verify it. Worth one warning: it is a wiring mistake, not something to fix here.
   */
  private void warnIfServedElsewhere(MutatingWebhook webhook) {
    ServiceReference service = webhook.getClientConfig().getService();
    if (settings.url() != null || service == null) {
      return;
    }
    int port = service.getPort() == null ? 443 : service.getPort();
    if (!settings.serviceName().equals(service.getName())
        || !settings.namespace().equals(service.getNamespace())
        || settings.servicePort() != port) {
      wiring.warn(
          "service-mismatch",
          "webhook {} in MutatingWebhookConfiguration {} calls Service {}/{}:{}, but this operator"
              + " serves {}/{}:{} (SCHEMAGATE_WEBHOOK_SERVICE, SCHEMAGATE_WEBHOOK_SERVICE_PORT)",
          Webhook.NAME,
          settings.configurationName(),
          service.getNamespace(),
          service.getName(),
          port,
          settings.namespace(),
          settings.serviceName(),
          settings.servicePort());
    }
  }

  private Resource<MutatingWebhookConfiguration> configurationResource() {
    return client
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .withName(settings.configurationName());
  }

  /**
   * Replaces the whole webhook list, guarded by a "test" of the resourceVersion (422 when someone
   * wrote in between). A JSON patch, not a merge patch: it states the list replacement exactly
   * instead of relying on how a server merges arrays.
   */
  private String ownedPatch(MutatingWebhookConfiguration existing, MutatingWebhook desired) {
    List<Map<String, Object>> ops =
        List.of(
            Map.of(
                "op",
                "test",
                "path",
                "/metadata/resourceVersion",
                "value",
                existing.getMetadata().getResourceVersion()),
            Map.of("op", "add", "path", "/webhooks", "value", List.of(desired)));
    return serialization.asJson(ops);
  }

  /** Only our webhook's caBundle; the "test" op makes sure the index still points at it. */
  private static String caBundlePatch(int index, String caBundle) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ArrayNode ops = json.arrayNode();
    ObjectNode test = ops.addObject();
    test.put("op", "test");
    test.put("path", "/webhooks/" + index + "/name");
    test.put("value", Webhook.NAME);
    ObjectNode add = ops.addObject();
    add.put("op", "add");
    add.put("path", "/webhooks/" + index + "/clientConfig/caBundle");
    add.put("value", caBundle);
    return ops.toString();
  }

  /** True when the published bundle holds an unexpired CA that is not in ours. */
  private boolean holdsUnknownCa(String publishedBase64, List<X509Certificate> ours) {
    if (publishedBase64 == null || publishedBase64.isBlank()) {
      return false;
    }
    List<X509Certificate> published;
    try {
      published =
          Pem.parseCertificates(
              new String(Base64.getMimeDecoder().decode(publishedBase64), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return false; // garbage is simply overwritten
    }
    return published.stream()
        .anyMatch(ca -> !ours.contains(ca) && !RenewalPolicy.expired(clock.instant(), ca));
  }

  private static String caBundleAt(MutatingWebhookConfiguration configuration, int index) {
    return configuration.getWebhooks().get(index).getClientConfig().getCaBundle();
  }

  private static int indexOfOurWebhook(MutatingWebhookConfiguration configuration) {
    List<MutatingWebhook> webhooks = configuration.getWebhooks();
    for (int i = 0; webhooks != null && i < webhooks.size(); i++) {
      if (Webhook.NAME.equals(webhooks.get(i).getName())
          && webhooks.get(i).getClientConfig() != null) {
        return i;
      }
    }
    return -1;
  }

  private static boolean ownedByOperator(MutatingWebhookConfiguration configuration) {
    Map<String, String> labels = configuration.getMetadata().getLabels();
    return labels != null && Labels.MANAGED_BY_VALUE.equals(labels.get(Labels.MANAGED_BY));
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
