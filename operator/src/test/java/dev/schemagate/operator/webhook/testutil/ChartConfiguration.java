package dev.schemagate.operator.webhook.testutil;

import dev.schemagate.operator.webhook.WebhookSettings;
import dev.schemagate.operator.webhook.registration.DesiredWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The MutatingWebhookConfiguration as the Helm chart creates it: labelled {@code
 * app.kubernetes.io/managed-by: Helm}, registered by Service, and without a caBundle (the operator
 * injects it).
 */
public final class ChartConfiguration {

  private ChartConfiguration() {}

  public static MutatingWebhookConfiguration of(WebhookSettings settings) {
    return new MutatingWebhookConfigurationBuilder()
        .withNewMetadata()
        .withName(settings.configurationName())
        .addToLabels("app.kubernetes.io/managed-by", "Helm")
        .endMetadata()
        .withWebhooks(DesiredWebhook.webhook(settings, null))
        .build();
  }

  /** Creates it, as `helm install` does; a second call replaces it, as a forced upgrade does. */
  public static MutatingWebhookConfiguration install(
      KubernetesClient client, WebhookSettings settings) {
    var configurations = client.admissionRegistration().v1().mutatingWebhookConfigurations();
    configurations.withName(settings.configurationName()).delete();
    return configurations.resource(of(settings)).create();
  }
}
