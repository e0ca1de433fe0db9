package dev.schemagate.operator.webhook.registration;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.schemagate.operator.webhook.WebhookSettings;
import dev.schemagate.operator.webhook.testutil.ChartConfiguration;
import dev.schemagate.operator.webhook.tls.CaBundlePublisher.Result;
import dev.schemagate.operator.webhook.tls.CertificateIssuer;
import dev.schemagate.operator.webhook.tls.Pem;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

@EnableKubernetesMockClient(crud = true)
class WebhookRegistrarTest {

  KubernetesClient client;
  KubernetesMockServer server;

  private static final String PATH =
      "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/schemagate";

  private final CertificateIssuer issuer = new CertificateIssuer();
  private final X509Certificate caA = issuer.newAuthority(Instant.now()).certificate();
  private final X509Certificate caB = issuer.newAuthority(Instant.now()).certificate();

  /** In a cluster: registered by Service, the chart owns the configuration. */
  private final WebhookSettings inCluster = WebhookSettings.defaults("schemagate-system");

  /** Outside a cluster: registered by URL, the operator owns the configuration. */
  private final WebhookSettings settings =
      inCluster.withUrl(URI.create("https://192.168.49.1:9443"));

  private WebhookRegistrar registrar(WebhookSettings settings) {
    return new WebhookRegistrar(client, settings, Clock.systemUTC());
  }

  private MutatingWebhookConfiguration stored() {
    return client
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .withName("schemagate")
        .get();
  }

  private static List<X509Certificate> bundleOf(MutatingWebhook webhook) {
    return Pem.parseCertificates(
        new String(
            Base64.getDecoder().decode(webhook.getClientConfig().getCaBundle()),
            StandardCharsets.UTF_8));
  }

  @Test
  void createsTheConfigurationWithEveryFieldWhenRegisteredByUrl() {
    assertThat(registrar(settings).publish(List.of(caA), false)).isEqualTo(Result.PUBLISHED);

    MutatingWebhookConfiguration configuration = stored();
    assertThat(configuration.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "schemagate");
    MutatingWebhook webhook = configuration.getWebhooks().get(0);
    assertThat(configuration.getWebhooks()).hasSize(1);
    assertThat(webhook.getName()).isEqualTo("deployments.schemagate.dev");
    assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
    assertThat(webhook.getSideEffects()).isEqualTo("NoneOnDryRun");
    assertThat(webhook.getFailurePolicy()).isEqualTo("Fail");
    assertThat(webhook.getTimeoutSeconds()).isEqualTo(5);
    assertThat(webhook.getReinvocationPolicy()).isEqualTo("IfNeeded");
    assertThat(webhook.getObjectSelector().getMatchExpressions())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getKey()).isEqualTo("schemagate.dev/migration");
              assertThat(e.getOperator()).isEqualTo("Exists");
            });
    assertThat(webhook.getRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getApiGroups()).containsExactly("apps");
              assertThat(rule.getApiVersions()).containsExactly("v1");
              assertThat(rule.getResources()).containsExactly("deployments");
              assertThat(rule.getOperations()).containsExactly("CREATE", "UPDATE");
            });
    assertThat(webhook.getNamespaceSelector().getMatchExpressions()).isEmpty();
    assertThat(webhook.getClientConfig().getUrl())
        .isEqualTo("https://192.168.49.1:9443/mutate-deployments");
    assertThat(webhook.getClientConfig().getService()).isNull();
    assertThat(bundleOf(webhook)).containsExactly(caA);
  }

  @Test
  void registersByUrlWithConfiguredPolicyTimeoutAndWatchedNamespaces() {
    WebhookSettings byUrl =
        new WebhookSettings(
            true,
            9443,
            URI.create("https://192.168.49.1:9443"),
            "schemagate-webhook",
            443,
            "ops",
            "schemagate",
            "schemagate-webhook-tls",
            null,
            "Ignore",
            10,
            null,
            Set.of("shop", "billing"));

    registrar(byUrl).publish(List.of(caA), false);

    MutatingWebhook webhook = stored().getWebhooks().get(0);
    assertThat(webhook.getFailurePolicy()).isEqualTo("Ignore");
    assertThat(webhook.getTimeoutSeconds()).isEqualTo(10);
    assertThat(webhook.getNamespaceSelector().getMatchExpressions())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getKey()).isEqualTo("kubernetes.io/metadata.name");
              assertThat(e.getOperator()).isEqualTo("In");
              assertThat(e.getValues()).containsExactly("billing", "shop");
            });
  }

  @Test
  void inAClusterAMissingConfigurationIsNeverCreated() {
    WebhookRegistrar registrar = registrar(inCluster);

    assertThat(registrar.publish(List.of(caA), false)).isEqualTo(Result.NOT_REGISTERED);
    assertThat(registrar.needsPublishing(List.of(caA))).isFalse();
    assertThat(stored()).isNull();
  }

  @Test
  void inAClusterTheChartsConfigurationGetsOnlyTheCaBundle() {
    ChartConfiguration.install(client, inCluster);
    WebhookRegistrar registrar = registrar(inCluster);
    assertThat(registrar.needsPublishing(List.of(caA))).isTrue();

    assertThat(registrar.publish(List.of(caA), false)).isEqualTo(Result.PUBLISHED);

    MutatingWebhookConfiguration configuration = stored();
    assertThat(configuration.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "Helm");
    MutatingWebhook webhook = configuration.getWebhooks().get(0);
    assertThat(webhook.getClientConfig().getService().getName()).isEqualTo("schemagate-webhook");
    assertThat(webhook.getClientConfig().getService().getPort()).isEqualTo(443);
    assertThat(bundleOf(webhook)).containsExactly(caA);
    assertThat(registrar.needsPublishing(List.of(caA))).isFalse();
    assertThat(registrar.needsPublishing(List.of(caB, caA))).isTrue();
  }

  @Test
  void aMissingConfigurationIsWarnedAboutOnceAndItsArrivalIsNoted() {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(WebhookRegistrar.class);
    logs.start();
    logger.addAppender(logs);
    try {
      WebhookRegistrar registrar = registrar(inCluster);
      for (int check = 0; check < 3; check++) {
        registrar.needsPublishing(List.of(caA));
        registrar.publish(List.of(caA), false);
      }
      ChartConfiguration.install(client, inCluster);
      registrar.publish(List.of(caA), false);
    } finally {
      logger.detachAppender(logs);
    }

    assertThat(logs.list)
        .filteredOn(e -> e.getLevel() == Level.WARN)
        .singleElement()
        .satisfies(e -> assertThat(e.getFormattedMessage()).contains("does not exist (yet)"));
    assertThat(logs.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(m -> assertThat(m).contains("is registered"));
  }

  @Test
  void aConfigurationThatMayNotBeReadIsNotThereYet() {
    server.expect().get().withPath(PATH).andReturn(403, "forbidden").always();
    WebhookRegistrar registrar = registrar(inCluster);

    assertThat(registrar.publish(List.of(caA), false)).isEqualTo(Result.NOT_REGISTERED);
    assertThat(registrar.needsPublishing(List.of(caA))).isFalse();
  }

  @Test
  void aMissingOwnConfigurationNeedsPublishing() {
    WebhookRegistrar registrar = registrar(settings);
    assertThat(registrar.needsPublishing(List.of(caA))).isTrue();

    registrar.publish(List.of(caA), false);

    assertThat(registrar.needsPublishing(List.of(caA))).isFalse();
  }

  @Test
  void keepsItsOwnConfigurationAsDesired() {
    registrar(settings).publish(List.of(caA), false);
    assertThat(registrar(settings).needsPublishing(List.of(caA))).isFalse();
    MutatingWebhookConfiguration drifted =
        new MutatingWebhookConfigurationBuilder(stored())
            .editFirstWebhook()
            .withFailurePolicy("Ignore")
            .endWebhook()
            .build();
    client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(drifted).update();
    assertThat(registrar(settings).needsPublishing(List.of(caA))).as("drift").isTrue();

    registrar(settings).publish(List.of(caB, caA), true);

    MutatingWebhook webhook = stored().getWebhooks().get(0);
    assertThat(webhook.getFailurePolicy()).isEqualTo("Fail");
    assertThat(bundleOf(webhook)).containsExactly(caB, caA);
  }

  @Test
  void onlyTheCaBundleOfAChartOwnedConfigurationIsWritten() {
    MutatingWebhook chartWebhook =
        new MutatingWebhookBuilder(DesiredWebhook.webhook(inCluster, null))
            .withFailurePolicy("Ignore")
            .withTimeoutSeconds(12)
            .build();
    MutatingWebhook otherWebhook =
        new MutatingWebhookBuilder(DesiredWebhook.webhook(inCluster, null))
            .withName("other.example.com")
            .build();
    client
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .resource(
            new MutatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName("schemagate")
                .addToLabels("app.kubernetes.io/managed-by", "Helm")
                .endMetadata()
                .withWebhooks(otherWebhook, chartWebhook)
                .build())
        .create();

    registrar(inCluster).publish(List.of(caA), false);

    MutatingWebhookConfiguration configuration = stored();
    assertThat(configuration.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "Helm");
    assertThat(configuration.getWebhooks()).hasSize(2);
    assertThat(configuration.getWebhooks().get(0).getClientConfig().getCaBundle()).isNull();
    MutatingWebhook ours = configuration.getWebhooks().get(1);
    assertThat(ours.getFailurePolicy()).isEqualTo("Ignore");
    assertThat(ours.getTimeoutSeconds()).isEqualTo(12);
    assertThat(bundleOf(ours)).containsExactly(caA);
  }

  @Test
  void refusesToDropACaItDoesNotKnowUnlessTold() {
    registrar(settings).publish(List.of(caB, caA), false);

    assertThat(registrar(settings).publish(List.of(caA), false)).isEqualTo(Result.UNKNOWN_CA);
    assertThat(bundleOf(stored().getWebhooks().get(0))).containsExactly(caB, caA);

    assertThat(registrar(settings).publish(List.of(caA), true)).isEqualTo(Result.PUBLISHED);
    assertThat(bundleOf(stored().getWebhooks().get(0))).containsExactly(caA);
  }
}
