package dev.schemagate.operator.webhook.tls;

import dev.schemagate.operator.api.SchemagateConstants.Labels;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes the webhook's TLS Secret. Safe between replicas: a create that loses the race
 * (409) or an update on a stale resourceVersion (409) adopts what the winner stored.
 */
public final class TlsSecretStore {

  private static final Logger LOG = LoggerFactory.getLogger(TlsSecretStore.class);

  /**
   * What the Secret holds.
   *
   * @param certificates null when the Secret exists but cannot be decoded (it is then replaced)
   */
  public record Stored(WebhookCertificates certificates, String resourceVersion) {}

  private final KubernetesClient client;
  private final String namespace;
  private final String name;

  public TlsSecretStore(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  public Optional<Stored> read() {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      return Optional.empty();
    }
    WebhookCertificates certificates = null;
    try {
      certificates = TlsSecretCodec.decode(secret.getData());
    } catch (IllegalArgumentException e) {
      LOG.warn(
          "Secret {}/{} does not hold usable webhook certificates ({}); it will be replaced",
          namespace,
          name,
          e.getMessage());
    }
    return Optional.of(new Stored(certificates, secret.getMetadata().getResourceVersion()));
  }

  /** Creates the Secret; when another replica created it first, returns theirs. */
  public Stored createOrAdopt(WebhookCertificates certificates) {
    try {
      Secret created =
          client.secrets().inNamespace(namespace).resource(secret(certificates, null)).create();
      LOG.info("created webhook TLS Secret {}/{}", namespace, name);
      return new Stored(certificates, created.getMetadata().getResourceVersion());
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      LOG.info(
          "webhook TLS Secret {}/{} was created by another replica; using it", namespace, name);
      return readExisting();
    }
  }

  /**
   * Replaces the Secret at {@code resourceVersion}; when it changed meanwhile, returns the new one.
   */
  public Stored replaceOrAdopt(WebhookCertificates certificates, String resourceVersion) {
    try {
      Secret updated =
          client
              .secrets()
              .inNamespace(namespace)
              .resource(secret(certificates, resourceVersion))
              .update();
      LOG.info("renewed webhook certificates in Secret {}/{}", namespace, name);
      return new Stored(certificates, updated.getMetadata().getResourceVersion());
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      LOG.info(
          "webhook TLS Secret {}/{} was renewed by another replica; using it", namespace, name);
      return readExisting();
    }
  }

  private Stored readExisting() {
    return read()
        .orElseThrow(
            () -> new IllegalStateException("Secret " + namespace + "/" + name + " vanished"));
  }

  private Secret secret(WebhookCertificates certificates, String resourceVersion) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withResourceVersion(resourceVersion)
        .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
        .endMetadata()
        .withType(TlsSecretCodec.SECRET_TYPE)
        .withData(TlsSecretCodec.encode(certificates))
        .build();
  }
}
