package dev.schemagate.operator.webhook.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Everything the operator keeps in its TLS Secret.
 *
 * @param caBundle the CAs the API server must trust, newest first; the first one is the current
 *     signing CA, older ones stay until they expire so certificates they issued keep verifying
 *     during a CA rotation
 * @param caKey the current signing CA's private key
 * @param serving the serving key and certificate, issued by the first CA
 */
public record WebhookCertificates(
    List<X509Certificate> caBundle, PrivateKey caKey, CertifiedKey serving) {

  public WebhookCertificates {
    if (caBundle == null || caBundle.isEmpty() || caKey == null || serving == null) {
      throw new IllegalArgumentException("incomplete webhook certificates");
    }
    caBundle = List.copyOf(caBundle);
  }

  /** The CA that signs new serving certificates. */
  public CertifiedKey signer() {
    return new CertifiedKey(caKey, caBundle.get(0));
  }

  @Override
  public String toString() {
    return "WebhookCertificates[ca="
        + caBundle.get(0).getSubjectX500Principal()
        + ", "
        + serving
        + "]";
  }
}
