package dev.schemagate.operator.webhook.tls;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what the stored certificates should become: created when missing, the CA renewed near its
 * end (the old CA stays in the bundle until it expires), the serving certificate reissued near its
 * end or when the names it must cover changed.
 */
public final class CertificateRotation {

  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;

  private final CertificateIssuer issuer;

  public CertificateRotation(CertificateIssuer issuer) {
    this.issuer = issuer;
  }

  /**
   * @return the certificates to store, or empty when {@code current} needs no change
   */
  public Optional<WebhookCertificates> next(
      Instant now, Optional<WebhookCertificates> current, ServingNames names) {
    if (current.isEmpty()) {
      CertifiedKey ca = issuer.newAuthority(now);
      return Optional.of(
          new WebhookCertificates(
              List.of(ca.certificate()), ca.key(), issuer.issueServing(ca, names, now)));
    }
    WebhookCertificates certificates = current.get();
    CertifiedKey signer = certificates.signer();
    List<X509Certificate> bundle = unexpired(now, certificates.caBundle());

    if (RenewalPolicy.needsRenewal(now, signer.certificate())) {
      CertifiedKey ca = issuer.newAuthority(now);
      List<X509Certificate> renewedBundle = new ArrayList<>();
      renewedBundle.add(ca.certificate());
      renewedBundle.addAll(bundle);
      return Optional.of(
          new WebhookCertificates(renewedBundle, ca.key(), issuer.issueServing(ca, names, now)));
    }
    X509Certificate serving = certificates.serving().certificate();
    if (RenewalPolicy.needsRenewal(now, serving)
        || !covers(serving, names)
        || !issuedBy(serving, signer.certificate())) {
      return Optional.of(
          new WebhookCertificates(bundle, signer.key(), issuer.issueServing(signer, names, now)));
    }
    if (bundle.size() != certificates.caBundle().size()) {
      return Optional.of(new WebhookCertificates(bundle, signer.key(), certificates.serving()));
    }
    return Optional.empty();
  }

  /** True when the certificate's subject alternative names are exactly {@code names}. */
  public static boolean covers(X509Certificate certificate, ServingNames names) {
    Set<String> dns = new HashSet<>();
    Set<String> ips = new HashSet<>();
    try {
      Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> alternative : alternatives) {
          int type = (Integer) alternative.get(0);
          if (type == SAN_DNS) {
            dns.add((String) alternative.get(1));
          } else if (type == SAN_IP) {
            ips.add((String) alternative.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      return false;
    }
    return names.matches(dns, ips);
  }

  /** True when {@code ca} signed {@code certificate}. */
  public static boolean issuedBy(X509Certificate certificate, X509Certificate ca) {
    if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
      return false;
    }
    try {
      certificate.verify(ca.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The bundle without expired CAs; the signing CA (first) is kept even if expired. */
  private static List<X509Certificate> unexpired(Instant now, List<X509Certificate> bundle) {
    List<X509Certificate> kept = new ArrayList<>();
    kept.add(bundle.get(0));
    bundle.stream().skip(1).filter(ca -> !RenewalPolicy.expired(now, ca)).forEach(kept::add);
    return kept;
  }
}
