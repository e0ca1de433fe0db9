package dev.schemagate.operator.webhook.tls;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps {@link WebhookCertificates} to and from the data of a {@code kubernetes.io/tls} Secret:
 * {@code tls.crt}/{@code tls.key} (serving) plus {@code ca.crt} (the CA bundle, signing CA first)
 * and {@code ca.key} (the signing CA's key). Values are base64 of PEM, as in any Secret.
 */
public final class TlsSecretCodec {

  public static final String SECRET_TYPE = "kubernetes.io/tls";
  public static final String TLS_CRT = "tls.crt";
  public static final String TLS_KEY = "tls.key";
  public static final String CA_CRT = "ca.crt";
  public static final String CA_KEY = "ca.key";

  private TlsSecretCodec() {}

  public static Map<String, String> encode(WebhookCertificates certificates) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(TLS_CRT, base64(Pem.certificates(certificates.serving().chain())));
    data.put(TLS_KEY, base64(Pem.privateKey(certificates.serving().key())));
    data.put(CA_CRT, base64(Pem.certificates(certificates.caBundle())));
    data.put(CA_KEY, base64(Pem.privateKey(certificates.caKey())));
    return data;
  }

  /**
   * @throws IllegalArgumentException when a key is missing or unreadable (the message never
   *     contains key material)
   */
  public static WebhookCertificates decode(Map<String, String> data) {
    if (data == null) {
      throw new IllegalArgumentException("Secret has no data");
    }
    List<X509Certificate> serving = Pem.parseCertificates(text(data, TLS_CRT));
    return new WebhookCertificates(
        Pem.parseCertificates(text(data, CA_CRT)),
        Pem.parsePrivateKey(text(data, CA_KEY)),
        new CertifiedKey(Pem.parsePrivateKey(text(data, TLS_KEY)), serving));
  }

  private static String text(Map<String, String> data, String key) {
    String value = data.get(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Secret lacks " + key);
    }
    try {
      return new String(Base64.getMimeDecoder().decode(value), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Secret key " + key + " is not base64");
    }
  }

  private static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
  }
}
