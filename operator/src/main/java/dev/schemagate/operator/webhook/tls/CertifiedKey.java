package dev.schemagate.operator.webhook.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key with its certificate chain, leaf first.
 *
 * @param chain the leaf certificate, then any intermediates (never empty)
 */
public record CertifiedKey(PrivateKey key, List<X509Certificate> chain) {

  public CertifiedKey {
    if (key == null || chain == null || chain.isEmpty()) {
      throw new IllegalArgumentException(
          "a certified key needs a key and at least one certificate");
    }
    chain = List.copyOf(chain);
  }

  public CertifiedKey(PrivateKey key, X509Certificate certificate) {
    this(key, List.of(certificate));
  }

  /** The leaf certificate. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  @Override
  public String toString() {
    // Never print the key.
    return "CertifiedKey[" + certificate().getSubjectX500Principal() + "]";
  }
}
