package dev.schemagate.operator.webhook.tls;

import java.security.cert.X509Certificate;
import java.util.List;

/** Makes the API server trust the webhook's CAs (writes the webhook configuration's caBundle). */
public interface CaBundlePublisher {

  /** How publishing went. */
  enum Result {
    /** The bundle is published (or already was). */
    PUBLISHED,
    /**
     * Refused: the published bundle holds an unexpired CA that is not in ours (another replica may
     * have rotated the CA after we read the Secret); re-read, then publish with overwrite.
     */
    UNKNOWN_CA,
    /**
     * There is nowhere to publish yet: the configuration does not exist (the chart has not created
     * it) or may not be read or written (RBAC). Retried by the periodic check.
     */
    NOT_REGISTERED
  }

  /**
   * Publishes {@code bundle}.
   *
   * @param overwriteUnknown when false, refuse ({@link Result#UNKNOWN_CA}) if the published bundle
   *     holds a CA that is not in {@code bundle} and not expired
   */
  Result publish(List<X509Certificate> bundle, boolean overwriteUnknown);

  /**
   * One cheap read: true when {@link #publish} would change something (the caBundle is missing or
   * differs, e.g. after a Helm upgrade or reinstall replaced the configuration). False when all is
   * current, and also when there is nothing to publish to yet.
   */
  boolean needsPublishing(List<X509Certificate> bundle);
}
