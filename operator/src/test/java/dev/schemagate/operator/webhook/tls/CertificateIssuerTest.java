package dev.schemagate.operator.webhook.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateIssuerTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private final CertificateIssuer issuer = new CertificateIssuer();

  @Test
  void caIsASelfSignedLeafOnlyAuthorityForFiveYears() throws Exception {
    X509Certificate ca = issuer.newAuthority(NOW).certificate();

    assertThat(ca.getBasicConstraints()).isEqualTo(0); // CA, path length 0
    assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(ca.getSubjectX500Principal()).isEqualTo(ca.getIssuerX500Principal());
    ca.verify(ca.getPublicKey());
    assertThat(ca.getNotBefore().toInstant()).isEqualTo(NOW.minus(CertificateIssuer.BACKDATE));
    assertThat(ca.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(5 * 365)));
  }

  @Test
  void servingCertificateCoversEveryServiceName() throws Exception {
    CertifiedKey ca = issuer.newAuthority(NOW);
    ServingNames names = ServingNames.forService("schemagate-webhook", "schemagate-system");

    X509Certificate serving = issuer.issueServing(ca, names, NOW).certificate();

    assertThat(dnsNames(serving))
        .containsExactlyInAnyOrder(
            "schemagate-webhook",
            "schemagate-webhook.schemagate-system",
            "schemagate-webhook.schemagate-system.svc",
            "schemagate-webhook.schemagate-system.svc.cluster.local");
    assertThat(serving.getBasicConstraints()).isEqualTo(-1); // not a CA
    assertThat(serving.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth
    assertThat(serving.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(365)));
    assertThat(CertificateRotation.issuedBy(serving, ca.certificate())).isTrue();
    assertThat(CertificateRotation.covers(serving, names)).isTrue();
    assertThat(CertificateRotation.covers(serving, ServingNames.forService("other", "ns")))
        .isFalse();
  }

  @Test
  void servingCertificateForAnIpUrlCarriesAnIpName() throws Exception {
    CertifiedKey ca = issuer.newAuthority(NOW);
    ServingNames names = ServingNames.forUrl(java.net.URI.create("https://10.1.2.3:9443/x"));

    X509Certificate serving = issuer.issueServing(ca, names, NOW).certificate();

    assertThat(serving.getSubjectAlternativeNames())
        .containsExactly(List.of(7, "10.1.2.3")); // 7 = iPAddress
  }

  @Test
  void servingCertificateForAHostUrlCarriesADnsName() {
    ServingNames names = ServingNames.forUrl(java.net.URI.create("https://host.docker.internal"));
    assertThat(names.dnsNames()).containsExactly("host.docker.internal");
    assertThat(names.ipAddresses()).isEmpty();

    ServingNames ipv6 = ServingNames.forUrl(java.net.URI.create("https://[::1]:8443"));
    assertThat(ipv6.ipAddresses()).containsExactly("0:0:0:0:0:0:0:1");
  }

  @Test
  void servingCertificateNeverOutlivesItsCa() {
    CertifiedKey ca =
        new CertificateIssuer(Duration.ofDays(100), Duration.ofDays(365)).newAuthority(NOW);

    X509Certificate serving =
        issuer.issueServing(ca, ServingNames.forService("s", "n"), NOW).certificate();

    assertThat(serving.getNotAfter()).isEqualTo(ca.certificate().getNotAfter());
  }

  private static List<String> dnsNames(X509Certificate certificate) throws Exception {
    return certificate.getSubjectAlternativeNames().stream()
        .filter(san -> (Integer) san.get(0) == 2)
        .map(san -> (String) san.get(1))
        .toList();
  }
}
