package dev.schemagate.operator.webhook.registration;

import dev.schemagate.operator.api.SchemagateConstants.Labels;
import dev.schemagate.operator.api.SchemagateConstants.Webhook;
import dev.schemagate.operator.webhook.WebhookSettings;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfigBuilder;

/**
 * The webhook registration the operator wants, as a pure function of its settings and CA bundle.
 * Created only when the operator owns the configuration (registered by URL, outside a cluster); in
 * a cluster the Helm chart renders the same fields.
 *
 * <p>Fields the API server would default are set explicitly so a stored copy compares equal and the
 * operator does not rewrite an unchanged configuration.
 */
public final class DesiredWebhook {

  /**
   * The NotFound Event is a side effect, skipped for dry-run requests; so the webhook is safe to
   * call on dry runs ({@code kubectl apply --dry-run=server} then shows the hold).
   */
  static final String SIDE_EFFECTS = "NoneOnDryRun";

  /** Set by the API server on every namespace. */
  static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  private DesiredWebhook() {}

  public static MutatingWebhookConfiguration configuration(
      WebhookSettings settings, String caBundleBase64) {
    return new MutatingWebhookConfigurationBuilder()
        .withNewMetadata()
        .withName(settings.configurationName())
        .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
        .endMetadata()
        .withWebhooks(webhook(settings, caBundleBase64))
        .build();
  }

  public static MutatingWebhook webhook(WebhookSettings settings, String caBundleBase64) {
    return new MutatingWebhookBuilder()
        .withName(Webhook.NAME)
        .withAdmissionReviewVersions("v1")
        .withSideEffects(SIDE_EFFECTS)
        .withFailurePolicy(settings.failurePolicy())
        .withTimeoutSeconds(settings.timeoutSeconds())
        // Another webhook may change the image after us; we must see the final one.
        .withReinvocationPolicy("IfNeeded")
        .withMatchPolicy("Equivalent")
        .withNamespaceSelector(namespaceSelector(settings))
        .withObjectSelector(
            new LabelSelectorBuilder()
                .addNewMatchExpression()
                .withKey(Labels.MIGRATION)
                .withOperator("Exists")
                .endMatchExpression()
                .build())
        .addNewRule()
        .withApiGroups("apps")
        .withApiVersions("v1")
        .withOperations("CREATE", "UPDATE")
        .withResources("deployments")
        .withScope("Namespaced")
        .endRule()
        .withClientConfig(clientConfig(settings, caBundleBase64))
        .build();
  }

  /**
   * Only the watched namespaces when the operator watches some: elsewhere it may not read the
   * DatabaseMigration, and with failurePolicy Fail the webhook would reject what it cannot judge.
   */
  private static LabelSelector namespaceSelector(WebhookSettings settings) {
    if (settings.watchedNamespaces().isEmpty()) {
      return new LabelSelector();
    }
    return new LabelSelectorBuilder()
        .addNewMatchExpression()
        .withKey(NAMESPACE_NAME_LABEL)
        .withOperator("In")
        .withValues(settings.watchedNamespaces().stream().sorted().toList())
        .endMatchExpression()
        .build();
  }

  private static WebhookClientConfig clientConfig(WebhookSettings settings, String caBundle) {
    WebhookClientConfigBuilder config = new WebhookClientConfigBuilder().withCaBundle(caBundle);
    if (settings.url() != null) {
      return config.withUrl(settings.effectiveUrl().toString()).build();
    }
    return config
        .withNewService()
        .withName(settings.serviceName())
        .withNamespace(settings.namespace())
        .withPath(Webhook.PATH)
        .withPort(settings.servicePort())
        .endService()
        .build();
  }
}
