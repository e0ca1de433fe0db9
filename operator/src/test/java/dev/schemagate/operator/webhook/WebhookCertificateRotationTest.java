package dev.schemagate.operator.webhook;

import static dev.schemagate.operator.webhook.WebhookRuntimeHttpsTest.SERVICE_HOST;
import static dev.schemagate.operator.webhook.WebhookRuntimeHttpsTest.publishedBundle;
import static dev.schemagate.operator.webhook.WebhookRuntimeHttpsTest.servedCertificate;
import static dev.schemagate.operator.webhook.WebhookRuntimeHttpsTest.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.operator.webhook.testutil.ChartConfiguration;
import dev.schemagate.operator.webhook.testutil.MutableClock;
import dev.schemagate.operator.webhook.tls.CertificateIssuer;
import dev.schemagate.operator.webhook.tls.CertificateRotation;
import dev.schemagate.operator.webhook.tls.CertifiedKey;
import dev.schemagate.operator.webhook.tls.Pem;
import dev.schemagate.operator.webhook.tls.ServingNames;
import dev.schemagate.operator.webhook.tls.TlsSecretCodec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates change under a running server: renewed ones are served without a restart, and the
 * published bundle follows a CA rotation. Time is moved with a clock, never waited for: the runtime
 * starts "in the past" so that, at the real now, its certificates are due for renewal and the
 * renewed ones are valid for the real TLS client.
 */
@EnableKubernetesMockClient(crud = true)
class WebhookCertificateRotationTest {

  KubernetesClient client;

  private WebhookRuntime runtime;

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.stop();
    }
  }

  @BeforeEach
  void helmInstall() {
    ChartConfiguration.install(client, settings(null));
  }

  private void startAt(MutableClock clock) throws Exception {
    runtime =
        WebhookRuntime.start(
            client,
            settings(null),
            (namespace, name) -> Optional.empty(),
            DeploymentEventSink.NONE,
            clock,
            new CertificateIssuer(),
            WebhookRuntime.REGISTRATION_CHECK_INTERVAL);
  }

  @Test
  void renewedServingCertificateIsServedWithoutRestart() throws Exception {
    Instant now = Instant.now();
    MutableClock clock = new MutableClock(now.minus(Duration.ofDays(300)));
    startAt(clock);
    List<X509Certificate> bundle = publishedBundle(client);
    X509Certificate before = servedCertificate(runtime.port(), bundle, SERVICE_HOST);
    int port = runtime.port();

    clock.set(now);
    runtime.checkCertificates();

    X509Certificate after = servedCertificate(port, bundle, SERVICE_HOST);
    assertThat(after).isNotEqualTo(before);
    assertThat(after.getNotAfter().toInstant()).isAfter(now.plus(Duration.ofDays(364)));
    assertThat(publishedBundle(client)).as("same CA, same bundle").isEqualTo(bundle);
    assertThat(storedServingCertificate()).isEqualTo(after);
  }

  @Test
  void caRotationPublishesTheNewCaBeforeServingWhatItSigned() throws Exception {
    Instant now = Instant.now();
    MutableClock clock = new MutableClock(now.minus(Duration.ofDays(1278))); // 3.5 years
    startAt(clock);
    X509Certificate oldCa = publishedBundle(client).get(0);

    clock.set(now);
    runtime.checkCertificates();

    List<X509Certificate> bundle = publishedBundle(client);
    assertThat(bundle).hasSize(2).element(1).isEqualTo(oldCa);
    X509Certificate served = servedCertificate(runtime.port(), bundle, SERVICE_HOST);
    assertThat(CertificateRotation.issuedBy(served, bundle.get(0))).isTrue();
    // A client that only knows the new CA (the old one expires later) still connects.
    assertThat(servedCertificate(runtime.port(), List.of(bundle.get(0)), SERVICE_HOST))
        .isEqualTo(served);
  }

  @Test
  void aRestartedReplicaReusesTheStoredCertificates() throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    startAt(clock);
    X509Certificate first = storedServingCertificate();
    runtime.stop();

    startAt(clock);

    assertThat(storedServingCertificate()).isEqualTo(first);
    assertThat(servedCertificate(runtime.port(), publishedBundle(client), SERVICE_HOST))
        .isEqualTo(first);
  }

  @Test
  void certManagerModeReloadsTheMountedFilesAndTouchesNoApiObject(@TempDir Path directory)
      throws Exception {
    CertificateIssuer issuer = new CertificateIssuer();
    CertifiedKey ca = issuer.newAuthority(Instant.now());
    ServingNames names = ServingNames.forService("schemagate-webhook", "schemagate-system");
    writeKeyPair(directory, issuer.issueServing(ca, names, Instant.now()));
    WebhookSettings base = settings(null);
    WebhookSettings fromDirectory =
        new WebhookSettings(
            true,
            0,
            null,
            base.serviceName(),
            base.servicePort(),
            base.namespace(),
            base.configurationName(),
            base.secretName(),
            directory,
            "Fail",
            5,
            Duration.ofMillis(100),
            java.util.Set.of());
    runtime =
        WebhookRuntime.start(
            client, fromDirectory, (namespace, name) -> Optional.empty(), DeploymentEventSink.NONE);
    List<X509Certificate> trusted = List.of(ca.certificate());
    assertThat(servedCertificate(runtime.port(), trusted, SERVICE_HOST)).isNotNull();

    CertifiedKey renewed = issuer.issueServing(ca, names, Instant.now());
    writeKeyPair(directory, renewed);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(servedCertificate(runtime.port(), trusted, SERVICE_HOST))
                    .isEqualTo(renewed.certificate()));
    assertThat(WebhookRuntimeHttpsTest.caBundle(client)).as("cert-manager injects it").isNull();
    assertThat(client.secrets().inNamespace("schemagate-system").list().getItems()).isEmpty();
  }

  private X509Certificate storedServingCertificate() {
    return TlsSecretCodec.decode(
            client
                .secrets()
                .inNamespace("schemagate-system")
                .withName("schemagate-webhook-tls")
                .get()
                .getData())
        .serving()
        .certificate();
  }

  /** Writes both files and swaps them in at once, as the kubelet does for a mounted Secret. */
  private static void writeKeyPair(Path directory, CertifiedKey key) throws Exception {
    Path staging = Files.createTempDirectory(directory.getParent(), "staging");
    Files.writeString(staging.resolve("tls.crt"), Pem.certificates(key.chain()));
    Files.writeString(staging.resolve("tls.key"), Pem.privateKey(key.key()));
    Files.move(
        staging.resolve("tls.key"),
        directory.resolve("tls.key"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    Files.move(
        staging.resolve("tls.crt"),
        directory.resolve("tls.crt"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }
}
