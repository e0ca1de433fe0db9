package dev.schemagate.operator.webhook.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CertificateRotationTest {

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final ServingNames NAMES = ServingNames.forService("webhook", "ops");

  private final CertificateRotation rotation = new CertificateRotation(new CertificateIssuer());

  @Test
  void renewalStartsWhenAThirdOfTheLifetimeRemains() {
    X509Certificate serving = fresh().serving().certificate();
    Instant notBefore = serving.getNotBefore().toInstant();
    Duration lifetime = Duration.between(notBefore, serving.getNotAfter().toInstant());
    Instant twoThirds = notBefore.plus(lifetime.multipliedBy(2).dividedBy(3));

    assertThat(RenewalPolicy.needsRenewal(T0, serving)).isFalse();
    assertThat(RenewalPolicy.needsRenewal(twoThirds.minusSeconds(60), serving)).isFalse();
    assertThat(RenewalPolicy.needsRenewal(twoThirds.plusSeconds(60), serving)).isTrue();
    assertThat(
            RenewalPolicy.needsRenewal(serving.getNotAfter().toInstant().plusSeconds(1), serving))
        .as("expired")
        .isTrue();
  }

  @Test
  void createsEverythingWhenNothingIsStored() {
    WebhookCertificates created = fresh();

    assertThat(created.caBundle()).hasSize(1);
    assertThat(
            CertificateRotation.issuedBy(
                created.serving().certificate(), created.caBundle().get(0)))
        .isTrue();
  }

  @Test
  void leavesGoodCertificatesAlone() {
    WebhookCertificates current = fresh();

    assertThat(rotation.next(T0.plus(Duration.ofDays(200)), Optional.of(current), NAMES)).isEmpty();
  }

  @Test
  void renewsTheServingCertificateWithTheSameCa() {
    WebhookCertificates current = fresh();
    Instant later = T0.plus(Duration.ofDays(250));

    WebhookCertificates next = rotation.next(later, Optional.of(current), NAMES).orElseThrow();

    assertThat(next.caBundle()).isEqualTo(current.caBundle());
    assertThat(next.serving().certificate()).isNotEqualTo(current.serving().certificate());
    assertThat(next.serving().certificate().getNotAfter().toInstant())
        .isAfter(later.plus(Duration.ofDays(364)));
  }

  @Test
  void reissuesWhenTheNamesChange() {
    WebhookCertificates current = fresh();
    ServingNames url = ServingNames.forUrl(java.net.URI.create("https://192.168.1.5:8443"));

    WebhookCertificates next = rotation.next(T0, Optional.of(current), url).orElseThrow();

    assertThat(CertificateRotation.covers(next.serving().certificate(), url)).isTrue();
    assertThat(next.caBundle()).isEqualTo(current.caBundle());
  }

  @Test
  void renewsTheCaKeepingTheOldOneInTheBundleUntilItExpires() {
    WebhookCertificates current = fresh();
    X509Certificate oldCa = current.caBundle().get(0);
    Instant nearCaEnd = T0.plus(Duration.ofDays(4 * 365));

    WebhookCertificates next = rotation.next(nearCaEnd, Optional.of(current), NAMES).orElseThrow();

    assertThat(next.caBundle()).hasSize(2).element(1).isEqualTo(oldCa);
    X509Certificate newCa = next.caBundle().get(0);
    assertThat(CertificateRotation.issuedBy(next.serving().certificate(), newCa)).isTrue();
    assertThat(next.caKey()).isNotEqualTo(current.caKey());

    // Once the old CA has expired it is dropped from the bundle.
    Instant afterOldCa = oldCa.getNotAfter().toInstant().plusSeconds(1);
    WebhookCertificates pruned = rotation.next(afterOldCa, Optional.of(next), NAMES).orElseThrow();
    assertThat(pruned.caBundle()).containsExactly(newCa);
  }

  private WebhookCertificates fresh() {
    return rotation.next(T0, Optional.empty(), NAMES).orElseThrow();
  }
}
