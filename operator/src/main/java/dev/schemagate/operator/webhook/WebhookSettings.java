package dev.schemagate.operator.webhook;

import dev.schemagate.operator.api.SchemagateConstants.Webhook;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * How the admission webhook is served and registered. Read from the environment by the operator's
 * {@code Settings} (the one place that parses {@code SCHEMAGATE_*} variables); this record only
 * holds and checks the values.
 *
 * @param enabled serve the webhook at all ({@code SCHEMAGATE_WEBHOOK_ENABLED})
 * @param port HTTPS port to listen on; 0 picks a free one ({@code SCHEMAGATE_WEBHOOK_PORT})
 * @param url when set, the operator runs outside the cluster: the API server calls this URL, the
 *     certificate covers its host, and the operator creates and owns the webhook configuration
 *     ({@code SCHEMAGATE_WEBHOOK_URL}); null in a cluster, where the Helm chart owns the
 *     configuration and the operator only injects its CA bundle
 * @param serviceName Service in front of the operator pods ({@code SCHEMAGATE_WEBHOOK_SERVICE})
 * @param servicePort that Service's port ({@code SCHEMAGATE_WEBHOOK_SERVICE_PORT})
 * @param namespace the operator's own namespace: Service and Secret live here ({@code
 *     SCHEMAGATE_NAMESPACE})
 * @param configurationName the MutatingWebhookConfiguration ({@code
 *     SCHEMAGATE_WEBHOOK_CONFIG_NAME})
 * @param secretName the Secret holding CA and serving certificate ({@code
 *     SCHEMAGATE_WEBHOOK_SECRET})
 * @param certDirectory when set, certificates come from {@code tls.crt}/{@code tls.key} here
 *     (cert-manager) and the operator neither stores certificates nor touches the webhook
 *     configuration ({@code SCHEMAGATE_WEBHOOK_CERT_DIR})
 * @param failurePolicy {@code Fail} or {@code Ignore} ({@code SCHEMAGATE_WEBHOOK_FAILURE_POLICY});
 *     written only into a configuration the operator owns (URL mode)
 * @param timeoutSeconds 1 to 30 ({@code SCHEMAGATE_WEBHOOK_TIMEOUT_SECONDS}); as failurePolicy
 * @param certCheckInterval how often certificates are checked for renewal or reload ({@code
 *     SCHEMAGATE_WEBHOOK_CERT_CHECK_INTERVAL}); null for the default of the mode
 * @param watchedNamespaces the namespaces the operator watches, empty for all; a configuration the
 *     operator owns only matches Deployments there
 */
public record WebhookSettings(
    boolean enabled,
    int port,
    URI url,
    String serviceName,
    int servicePort,
    String namespace,
    String configurationName,
    String secretName,
    Path certDirectory,
    String failurePolicy,
    int timeoutSeconds,
    Duration certCheckInterval,
    Set<String> watchedNamespaces) {

  public static final int DEFAULT_PORT = 8443;
  public static final String DEFAULT_SERVICE = "schemagate-webhook";
  public static final int DEFAULT_SERVICE_PORT = 443;
  public static final String DEFAULT_CONFIGURATION = "schemagate";
  public static final String DEFAULT_SECRET = "schemagate-webhook-tls";
  public static final String DEFAULT_FAILURE_POLICY = "Fail";
  public static final int DEFAULT_TIMEOUT_SECONDS = 5;

  /** Renewal needs months of notice, so hourly is plenty; a mounted directory is cheap to poll. */
  public static final Duration DEFAULT_SECRET_CHECK_INTERVAL = Duration.ofHours(1);

  public static final Duration DEFAULT_DIRECTORY_CHECK_INTERVAL = Duration.ofMinutes(1);

  public WebhookSettings {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("webhook port must be 0-65535, got " + port);
    }
    if (servicePort < 1 || servicePort > 65535) {
      throw new IllegalArgumentException("webhook service port must be 1-65535: " + servicePort);
    }
    if (!"Fail".equals(failurePolicy) && !"Ignore".equals(failurePolicy)) {
      throw new IllegalArgumentException(
          "webhook failure policy must be Fail or Ignore, got " + failurePolicy);
    }
    if (timeoutSeconds < 1 || timeoutSeconds > 30) {
      throw new IllegalArgumentException(
          "webhook timeout must be 1-30 seconds (an API server limit), got " + timeoutSeconds);
    }
    if (url != null && !isHttpsUrl(url)) {
      throw new IllegalArgumentException("webhook URL must be https://host[:port][/path]: " + url);
    }
    requireName(serviceName, "service name");
    requireName(namespace, "namespace");
    requireName(configurationName, "configuration name");
    requireName(secretName, "secret name");
    if (certCheckInterval == null) {
      certCheckInterval =
          certDirectory == null ? DEFAULT_SECRET_CHECK_INTERVAL : DEFAULT_DIRECTORY_CHECK_INTERVAL;
    }
    if (certCheckInterval.isNegative() || certCheckInterval.isZero()) {
      throw new IllegalArgumentException("certificate check interval must be positive");
    }
    watchedNamespaces = watchedNamespaces == null ? Set.of() : Set.copyOf(watchedNamespaces);
  }

  /** Enabled, defaults everywhere, in {@code namespace}, watching all namespaces. */
  public static WebhookSettings defaults(String namespace) {
    return new WebhookSettings(
        true,
        DEFAULT_PORT,
        null,
        DEFAULT_SERVICE,
        DEFAULT_SERVICE_PORT,
        namespace,
        DEFAULT_CONFIGURATION,
        DEFAULT_SECRET,
        null,
        DEFAULT_FAILURE_POLICY,
        DEFAULT_TIMEOUT_SECONDS,
        null,
        Set.of());
  }

  /** True when {@code url} can be registered: {@code https://} with a host. */
  public static boolean isHttpsUrl(URI url) {
    return "https".equals(url.getScheme()) && url.getHost() != null && !url.getHost().isBlank();
  }

  /**
   * True when the operator creates and owns the MutatingWebhookConfiguration: only when it runs
   * outside the cluster (registered by URL). In a cluster the chart owns it, so that `helm
   * uninstall` removes it and no replica can recreate a fail-closed webhook with nothing behind it.
   */
  public boolean operatorOwnsConfiguration() {
    return url != null;
  }

  /** The URL the API server calls, with the webhook path when the configured URL has none. */
  public URI effectiveUrl() {
    if (url == null) {
      return null;
    }
    String path = url.getPath();
    return path == null || path.isEmpty() || "/".equals(path)
        ? URI.create(url.toString().replaceAll("/$", "") + Webhook.PATH)
        : url;
  }

  public WebhookSettings withUrl(URI newUrl) {
    return new WebhookSettings(
        enabled,
        port,
        newUrl,
        serviceName,
        servicePort,
        namespace,
        configurationName,
        secretName,
        certDirectory,
        failurePolicy,
        timeoutSeconds,
        certCheckInterval,
        watchedNamespaces);
  }

  public WebhookSettings withPort(int newPort) {
    return new WebhookSettings(
        enabled,
        newPort,
        url,
        serviceName,
        servicePort,
        namespace,
        configurationName,
        secretName,
        certDirectory,
        failurePolicy,
        timeoutSeconds,
        certCheckInterval,
        watchedNamespaces);
  }

  public WebhookSettings withWatchedNamespaces(Set<String> namespaces) {
    return new WebhookSettings(
        enabled,
        port,
        url,
        serviceName,
        servicePort,
        namespace,
        configurationName,
        secretName,
        certDirectory,
        failurePolicy,
        timeoutSeconds,
        certCheckInterval,
        namespaces);
  }

  private static void requireName(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("webhook " + what + " must not be empty");
    }
  }
}
