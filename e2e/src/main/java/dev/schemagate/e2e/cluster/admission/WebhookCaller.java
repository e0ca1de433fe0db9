package dev.schemagate.e2e.cluster.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemagate.e2e.cluster.apiserver.JsonTrees;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * POSTs AdmissionReviews to webhooks over HTTPS, trusting only the configuration's {@code caBundle}
 * (no system roots) and checking the host name, as the API server does. One HTTP client per CA
 * bundle, closed with the caller.
 */
public final class WebhookCaller implements AutoCloseable {

  private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

  /**
   * Calls the webhook and returns its parsed answer.
   *
   * @throws WebhookCallException when the call fails (connection, TLS, timeout, status, body)
   */
  public JsonNode call(String url, String caBundleBase64, byte[] review, Duration timeout) {
    if (url == null || url.isBlank()) {
      throw new WebhookCallException(
          "the test cluster can only call webhooks registered by URL (clientConfig.url)");
    }
    HttpClient client =
        clients.computeIfAbsent(caBundleBase64 == null ? "" : caBundleBase64, this::newClient);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .timeout(timeout)
            .POST(HttpRequest.BodyPublishers.ofByteArray(review))
            .build();
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new WebhookCallException("Post \"" + url + "\": " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WebhookCallException("Post \"" + url + "\": interrupted");
    }
    if (response.statusCode() != 200) {
      throw new WebhookCallException(
          "Post \"" + url + "\": the server responded with HTTP " + response.statusCode());
    }
    try {
      return JsonTrees.parse(response.body());
    } catch (IllegalArgumentException e) {
      throw new WebhookCallException("the webhook answered with a body that is not JSON");
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Throwable cause = e.getCause();
    return cause != null && cause.getMessage() != null && !cause.getMessage().equals(message)
        ? message + " (" + cause.getMessage() + ")"
        : message;
  }

  private HttpClient newClient(String caBundleBase64) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .sslContext(trusting(caBundleBase64))
        .build();
  }

  private static SSLContext trusting(String caBundleBase64) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      if (caBundleBase64 != null && !caBundleBase64.isBlank()) {
        byte[] pem = Base64.getDecoder().decode(caBundleBase64);
        Collection<? extends Certificate> certificates =
            CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem));
        int i = 0;
        for (Certificate certificate : certificates) {
          store.setCertificateEntry("ca-" + i++, certificate);
        }
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
      throw new WebhookCallException("the caBundle is not usable: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    clients.values().forEach(HttpClient::close);
    clients.clear();
  }

  /** A webhook could not be called or gave no usable answer. */
  public static final class WebhookCallException extends RuntimeException {
    public WebhookCallException(String message) {
      super(message);
    }
  }
}
