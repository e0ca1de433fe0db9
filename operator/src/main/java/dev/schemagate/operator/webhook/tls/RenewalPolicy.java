package dev.schemagate.operator.webhook.tls;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/** When a certificate is renewed: once less than a third of its lifetime remains. */
public final class RenewalPolicy {

  private RenewalPolicy() {}

  /**
   * True when less than a third of {@code certificate}'s lifetime is left at {@code now} (an
   * expired certificate too). A serving certificate of one year is renewed after about eight
   * months; a five-year CA after about three years and four months, leaving either plenty of time
   * to retry.
   */
  public static boolean needsRenewal(Instant now, X509Certificate certificate) {
    Instant notBefore = certificate.getNotBefore().toInstant();
    Instant notAfter = certificate.getNotAfter().toInstant();
    Duration lifetime = Duration.between(notBefore, notAfter);
    Duration remaining = Duration.between(now, notAfter);
    return remaining.compareTo(lifetime.dividedBy(3)) < 0;
  }

  public static boolean expired(Instant now, X509Certificate certificate) {
    return !now.isBefore(certificate.getNotAfter().toInstant());
  }
}
