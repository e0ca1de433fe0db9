package dev.schemagate.operator.webhook;

import static dev.schemagate.operator.webhook.testutil.Deployments.IMAGE_V1;
import static dev.schemagate.operator.webhook.testutil.Deployments.IMAGE_V2;
import static dev.schemagate.operator.webhook.testutil.Deployments.gated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemagate.operator.gate.GateTarget;
import dev.schemagate.operator.webhook.testutil.AdmissionReviews;
import dev.schemagate.operator.webhook.testutil.ChartConfiguration;
import dev.schemagate.operator.webhook.testutil.TrustingOnly;
import dev.schemagate.operator.webhook.tls.CertificateIssuer;
import dev.schemagate.operator.webhook.tls.Pem;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The running webhook over real HTTPS, trusted only through the CA bundle the operator published
 * into the MutatingWebhookConfiguration (on the mock API server), as the API server trusts it.
 */
@EnableKubernetesMockClient(crud = true)
class WebhookRuntimeHttpsTest {

  static final String NAMESPACE = "schemagate-system";
  static final String SERVICE_HOST = "schemagate-webhook.schemagate-system.svc";

  KubernetesClient client;

  private final List<String> events = new ArrayList<>();
  private final GateState gateState =
      (namespace, name) -> Optional.of(new GateTarget(List.of(IMAGE_V1), null));
  private WebhookRuntime runtime;

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.stop();
    }
  }

  static WebhookSettings settings(URI url) {
    return WebhookSettings.defaults(NAMESPACE).withUrl(url).withPort(0);
  }

  /** By URL the operator creates the configuration; by Service the chart must have created it. */
  private void start(URI url) throws IOException {
    if (url == null) {
      ChartConfiguration.install(client, settings(null));
    }
    runtime =
        WebhookRuntime.start(
            client, settings(url), gateState, (deployment, reason, message) -> events.add(reason));
  }

  @Test
  void answersAdmissionReviewsOverHttpsTrustedOnlyThroughThePublishedBundle() throws Exception {
    start(URI.create("https://127.0.0.1"));
    List<X509Certificate> bundle = publishedBundle(client);
    assertThat(configuration(client).getWebhooks().get(0).getClientConfig().getUrl())
        .isEqualTo("https://127.0.0.1/mutate-deployments");
    Deployment incoming = gated(IMAGE_V2).build();

    HttpResponse<byte[]> response =
        post(TrustingOnly.context(bundle), AdmissionReviews.create(incoming));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode review = AdmissionReviews.parse(response.body());
    assertThat(review.path("response").path("allowed").asBoolean()).isTrue();
    Deployment result = AdmissionReviews.patched(incoming, review);
    assertThat(result.getSpec().getPaused()).isTrue();
  }

  @Test
  void aClientTrustingAnotherCaFailsTheHandshake() throws Exception {
    start(URI.create("https://127.0.0.1"));
    X509Certificate otherCa = new CertificateIssuer().newAuthority(Instant.now()).certificate();

    assertThatThrownBy(
            () ->
                post(
                    TrustingOnly.context(List.of(otherCa)),
                    AdmissionReviews.create(gated(IMAGE_V1).build())))
        .satisfies(e -> assertThat(causes(e)).anyMatch(SSLHandshakeException.class::isInstance));
  }

  @Test
  void inClusterTheCertificateCoversTheServiceNameAndOnlyIt() throws Exception {
    start(null);
    List<X509Certificate> bundle = publishedBundle(client);
    assertThat(configuration(client).getWebhooks().get(0).getClientConfig().getService().getName())
        .isEqualTo("schemagate-webhook");

    X509Certificate served = servedCertificate(runtime.port(), bundle, SERVICE_HOST);

    assertThat(served.getSubjectAlternativeNames()).hasSize(4);
    assertThatThrownBy(() -> servedCertificate(runtime.port(), bundle, "evil.example.com"))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void speaksTls12AndTls13() throws Exception {
    start(URI.create("https://127.0.0.1"));
    List<X509Certificate> bundle = publishedBundle(client);

    assertThat(negotiatedProtocol(runtime.port(), bundle, "TLSv1.2")).isEqualTo("TLSv1.2");
    assertThat(negotiatedProtocol(runtime.port(), bundle, "TLSv1.3")).isEqualTo("TLSv1.3");
  }

  @Test
  void rejectsWhatIsNotAnAdmissionReview() throws Exception {
    start(URI.create("https://127.0.0.1"));
    SSLContext trusted = TrustingOnly.context(publishedBundle(client));

    HttpResponse<byte[]> malformed =
        post(trusted, "{\"kind\":\"Nope\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(new String(malformed.body(), StandardCharsets.UTF_8)).contains("AdmissionReview");

    assertThat(statusLineForDeclaredLength(publishedBundle(client), 5 * 1024 * 1024))
        .isEqualTo("HTTP/1.1 413 Request Entity Too Large");

    HttpClient http = httpClient(trusted);
    URI base = URI.create("https://127.0.0.1:" + runtime.port());
    assertThat(
            http.send(
                    HttpRequest.newBuilder(base.resolve("/mutate-deployments")).GET().build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode())
        .isEqualTo(405);
    assertThat(
            http.send(
                    HttpRequest.newBuilder(base.resolve("/mutate-deployments/x"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void aFailedLookupIsAServerErrorSoTheFailurePolicyApplies() throws Exception {
    runtime =
        WebhookRuntime.start(
            client,
            settings(URI.create("https://127.0.0.1")),
            (namespace, name) -> {
              throw new IllegalStateException("API server unavailable");
            },
            DeploymentEventSink.NONE);

    HttpResponse<byte[]> response =
        post(
            TrustingOnly.context(publishedBundle(client)),
            AdmissionReviews.create(gated(IMAGE_V2).build()));

    assertThat(response.statusCode()).isEqualTo(500);
  }

  @Test
  void disabledRuntimeDoesNothing() throws Exception {
    WebhookSettings base = settings(URI.create("https://127.0.0.1"));
    WebhookSettings disabled =
        new WebhookSettings(
            false,
            base.port(),
            base.url(),
            base.serviceName(),
            base.servicePort(),
            base.namespace(),
            base.configurationName(),
            base.secretName(),
            null,
            "Fail",
            5,
            null,
            Set.of());

    runtime = WebhookRuntime.start(client, disabled, gateState, DeploymentEventSink.NONE);

    assertThat(runtime.enabled()).isFalse();
    assertThat(runtime.isReady()).isTrue();
    assertThat(runtime.port()).isEqualTo(-1);
    assertThat(configuration(client)).isNull();
  }

  @Test
  void inAClusterTheOperatorNeverCreatesTheConfigurationButInjectsItsCaOnceItExists()
      throws Exception {
    runtime =
        WebhookRuntime.start(
            client,
            settings(null),
            gateState,
            DeploymentEventSink.NONE,
            java.time.Clock.systemUTC(),
            new CertificateIssuer(),
            Duration.ofMillis(200));
    assertThat(runtime.isReady()).as("serves while the chart's configuration is missing").isTrue();
    assertThat(configuration(client)).isNull();

    // helm install: the configuration appears without a caBundle; the periodic check injects it.
    ChartConfiguration.install(client, settings(null));
    await().atMost(Duration.ofSeconds(30)).until(() -> caBundle(client) != null);
    List<X509Certificate> bundle = publishedBundle(client);
    assertThat(servedCertificate(runtime.port(), bundle, SERVICE_HOST)).isNotNull();

    // An upgrade that replaces the object (or a reinstall) drops the caBundle: injected again.
    ChartConfiguration.install(client, settings(null));
    assertThat(caBundle(client)).isNull();
    await().atMost(Duration.ofSeconds(30)).until(() -> caBundle(client) != null);
    assertThat(publishedBundle(client)).isEqualTo(bundle);
    assertThat(configuration(client).getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "Helm");
  }

  // --- helpers shared with the rotation test ---

  static MutatingWebhookConfiguration configuration(KubernetesClient client) {
    return client
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .withName("schemagate")
        .get();
  }

  static String caBundle(KubernetesClient client) {
    MutatingWebhookConfiguration configuration = configuration(client);
    return configuration == null
        ? null
        : configuration.getWebhooks().get(0).getClientConfig().getCaBundle();
  }

  static List<X509Certificate> publishedBundle(KubernetesClient client) {
    String caBundle = configuration(client).getWebhooks().get(0).getClientConfig().getCaBundle();
    return Pem.parseCertificates(
        new String(Base64.getDecoder().decode(caBundle), StandardCharsets.UTF_8));
  }

  /** Handshakes as a client checking {@code host} against the certificate, like the API server. */
  static X509Certificate servedCertificate(int port, List<X509Certificate> trusted, String host)
      throws IOException {
    try (SSLSocket socket = connect(port, trusted, host, null)) {
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  /** Declares a body larger than the limit without sending it; the answer must come at once. */
  private String statusLineForDeclaredLength(List<X509Certificate> trusted, int length)
      throws IOException {
    try (SSLSocket socket = connect(runtime.port(), trusted, "127.0.0.1", null)) {
      socket.setSoTimeout(30_000);
      String request =
          "POST /mutate-deployments HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "Content-Type: application/json\r\nContent-Length: "
              + length
              + "\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new java.io.BufferedReader(
              new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
    }
  }

  private static String negotiatedProtocol(int port, List<X509Certificate> trusted, String protocol)
      throws IOException {
    try (SSLSocket socket = connect(port, trusted, "127.0.0.1", protocol)) {
      socket.startHandshake();
      return socket.getSession().getProtocol();
    }
  }

  private static SSLSocket connect(
      int port, List<X509Certificate> trusted, String host, String protocol) throws IOException {
    Socket raw = new Socket("127.0.0.1", port);
    SSLSocket socket =
        (SSLSocket)
            TrustingOnly.context(trusted).getSocketFactory().createSocket(raw, host, port, true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    if (protocol != null) {
      parameters.setProtocols(new String[] {protocol});
    }
    socket.setSSLParameters(parameters);
    return socket;
  }

  private HttpResponse<byte[]> post(SSLContext trust, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + runtime.port() + "/mutate-deployments"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .timeout(Duration.ofSeconds(30))
            .build();
    return httpClient(trust).send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpClient httpClient(SSLContext trust) {
    return HttpClient.newBuilder()
        .sslContext(trust)
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(30))
        .build();
  }

  private static List<Throwable> causes(Throwable e) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }
}
