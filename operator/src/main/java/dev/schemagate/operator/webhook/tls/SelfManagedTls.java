package dev.schemagate.operator.webhook.tls;

import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's own certificates: kept in a Secret shared by every replica, created on first
 * start, renewed before expiry, with the CA bundle published to the API server and the serving
 * certificate swapped into the running server.
 *
 * <p>Order matters in a CA rotation: the bundle holding the new CA is published before the
 * certificate it signed is served; if publishing fails, the old certificate stays in service.
 */
public final class SelfManagedTls {

  private static final Logger LOG = LoggerFactory.getLogger(SelfManagedTls.class);

  private final TlsSecretStore store;
  private final CertificateRotation rotation;
  private final ServingNames names;
  private final SwappableKeyManager keyManager;
  private final CaBundlePublisher publisher;
  private final Clock clock;
  private WebhookCertificates lastSynced;

  public SelfManagedTls(
      TlsSecretStore store,
      CertificateRotation rotation,
      ServingNames names,
      SwappableKeyManager keyManager,
      CaBundlePublisher publisher,
      Clock clock) {
    this.store = store;
    this.rotation = rotation;
    this.names = names;
    this.keyManager = keyManager;
    this.publisher = publisher;
    this.clock = clock;
  }

  /**
   * Loads (creating or renewing as needed) the certificates and serves them, without publishing:
   * lets the server listen before the API server is told to call it.
   */
  public synchronized void prepare() {
    serveIfTrusted(loadCreateOrRenew(), keyManager.current() == null);
  }

  /**
   * One full pass: load, create or renew; publish the CA bundle; serve the certificate. Run at
   * start (after {@link #prepare}) and periodically.
   *
   * @throws RuntimeException when the Secret or the webhook configuration could not be written; the
   *     certificate in service is then still one the published bundle trusts
   */
  public synchronized void sync() {
    WebhookCertificates certificates = loadCreateOrRenew();
    CaBundlePublisher.Result result;
    try {
      result = publisher.publish(certificates.caBundle(), false);
      if (result == CaBundlePublisher.Result.UNKNOWN_CA) {
        // The published bundle knows a CA our copy does not: re-read before overwriting it.
        certificates = store.read().map(TlsSecretStore.Stored::certificates).orElse(certificates);
        if (certificates == null) {
          throw new IllegalStateException("webhook TLS Secret became unreadable");
        }
        result = publisher.publish(certificates.caBundle(), true);
      }
    } catch (RuntimeException e) {
      serveIfTrusted(certificates, false);
      throw e;
    }
    lastSynced = certificates;
    serveIfTrusted(certificates, result == CaBundlePublisher.Result.PUBLISHED);
  }

  /**
   * The cheap, frequent check: one read of the webhook configuration, and a full {@link #sync} only
   * when its caBundle is not ours (the configuration was just created, or replaced by a Helm
   * upgrade, a reinstall or a GitOps sync). Certificates themselves are checked by {@link #sync}.
   */
  public synchronized void syncIfUnpublished() {
    if (lastSynced == null || publisher.needsPublishing(lastSynced.caBundle())) {
      sync();
    }
  }

  private WebhookCertificates loadCreateOrRenew() {
    Optional<TlsSecretStore.Stored> stored = store.read();
    Optional<WebhookCertificates> current = stored.map(TlsSecretStore.Stored::certificates);
    Optional<WebhookCertificates> next = rotation.next(clock.instant(), current, names);
    if (next.isEmpty()) {
      return current.orElseThrow();
    }
    TlsSecretStore.Stored written =
        stored.isEmpty()
            ? store.createOrAdopt(next.get())
            : store.replaceOrAdopt(next.get(), stored.get().resourceVersion());
    if (written.certificates() == null) {
      throw new IllegalStateException(
          "webhook TLS Secret written by another replica is unreadable");
    }
    return written.certificates();
  }

  /**
   * Serves the stored certificate unless that could break TLS: an unpublished bundle may not hold
   * its CA yet, so then we only switch within the same CA (or when nothing is served at all).
   */
  private void serveIfTrusted(WebhookCertificates certificates, boolean published) {
    CertifiedKey serving = certificates.serving();
    CertifiedKey current = keyManager.current();
    if (current != null && current.certificate().equals(serving.certificate())) {
      return;
    }
    boolean sameIssuer =
        current != null
            && current
                .certificate()
                .getIssuerX500Principal()
                .equals(serving.certificate().getIssuerX500Principal());
    if (published || current == null || sameIssuer) {
      keyManager.swap(serving);
      LOG.info(
          "serving webhook certificate {} valid until {}",
          serving.certificate().getSerialNumber().toString(16),
          serving.certificate().getNotAfter().toInstant());
    }
  }
}
