package dev.schemagate.operator.webhook.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;

class TlsSecretCodecTest {

  private final WebhookCertificates certificates =
      new CertificateRotation(new CertificateIssuer())
          .next(Instant.now(), Optional.empty(), ServingNames.forService("webhook", "ops"))
          .orElseThrow();

  @Test
  void roundTripsThroughSecretData() {
    Map<String, String> data = TlsSecretCodec.encode(certificates);

    assertThat(data).containsOnlyKeys("tls.crt", "tls.key", "ca.crt", "ca.key");
    assertThat(decoded(data, "tls.key")).startsWith("-----BEGIN PRIVATE KEY-----");
    WebhookCertificates back = TlsSecretCodec.decode(data);
    assertThat(back.caBundle()).isEqualTo(certificates.caBundle());
    assertThat(back.caKey()).isEqualTo(certificates.caKey());
    assertThat(back.serving().chain()).isEqualTo(certificates.serving().chain());
    assertThat(back.serving().key()).isEqualTo(certificates.serving().key());
  }

  @Test
  void readsTraditionalSec1EcKeys() throws Exception {
    // As openssl and cert-manager write them: "EC PRIVATE KEY" carrying the curve.
    ECPrivateKey key = (ECPrivateKey) certificates.serving().key();
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
    org.bouncycastle.asn1.sec.ECPrivateKey sec1 =
        new org.bouncycastle.asn1.sec.ECPrivateKey(
            256, key.getS(), null, info.getPrivateKeyAlgorithm().getParameters());
    String pem = pem(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));

    PrivateKey parsed = Pem.parsePrivateKey(pem);
    assertThat(((ECPrivateKey) parsed).getS()).isEqualTo(key.getS());
    assertThat(KeyPairs.matches(parsed, certificates.serving().certificate())).isTrue();
  }

  @Test
  void readsPkcs1RsaKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    PrivateKey key = generator.generateKeyPair().getPrivate();
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
      writer.writeObject(key); // "BEGIN RSA PRIVATE KEY", cert-manager's default encoding
    }
    assertThat(pem.toString()).contains("BEGIN RSA PRIVATE KEY");

    assertThat(Pem.parsePrivateKey(pem.toString()).getEncoded()).isEqualTo(key.getEncoded());
  }

  private static String pem(PemObject object) throws Exception {
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  @Test
  void missingOrBrokenKeysAreReportedWithoutKeyMaterial() {
    Map<String, String> data = new HashMap<>(TlsSecretCodec.encode(certificates));
    data.remove("ca.key");
    assertThatThrownBy(() -> TlsSecretCodec.decode(data)).hasMessage("Secret lacks ca.key");

    String brokenKey =
        Base64.getEncoder()
            .encodeToString(
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
                    .getBytes(StandardCharsets.UTF_8));
    data.put("ca.key", brokenKey);
    assertThatThrownBy(() -> TlsSecretCodec.decode(data))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("AAAA");
  }

  private static String decoded(Map<String, String> data, String key) {
    return new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
  }
}
