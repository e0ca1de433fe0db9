package dev.schemagate.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemagate.helm.testutil.ChartUnderTest;
import dev.schemagate.helm.testutil.GrantedRule;
import dev.schemagate.helm.testutil.Manifest;
import dev.schemagate.helm.testutil.Manifests;
import dev.schemagate.helm.testutil.OperatorPod;
import dev.schemagate.helm.testutil.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WebhookConfigurationTest {

  private static final String CERT_DIR = "/etc/schemagate/webhook-tls";

  @Test
  void sendsOnlyGatedDeploymentsToTheOperatorAndFailsClosed() {
    JsonNode webhook = webhookOf(ChartUnderTest.render(Scenario.DEFAULTS));

    assertThat(webhook.path("name").asText()).isEqualTo("deployments.schemagate.dev");
    assertThat(webhook.at("/objectSelector/matchExpressions")).hasSize(1);
    assertThat(webhook.at("/objectSelector/matchExpressions/0/key").asText())
        .isEqualTo("schemagate.dev/migration");
    assertThat(webhook.at("/objectSelector/matchExpressions/0/operator").asText())
        .isEqualTo("Exists");
    assertThat(webhook.at("/objectSelector/matchLabels").isMissingNode()).isTrue();
    assertThat(webhook.path("namespaceSelector").isMissingNode()).isTrue();

    assertThat(webhook.at("/rules")).hasSize(1);
    JsonNode rule = webhook.at("/rules/0");
    assertThat(rule.path("apiGroups")).extracting(JsonNode::asText).containsExactly("apps");
    assertThat(rule.path("apiVersions")).extracting(JsonNode::asText).containsExactly("v1");
    assertThat(rule.path("resources")).extracting(JsonNode::asText).containsExactly("deployments");
    assertThat(rule.path("operations"))
        .extracting(JsonNode::asText)
        .containsExactly("CREATE", "UPDATE");

    assertThat(webhook.path("failurePolicy").asText()).isEqualTo("Fail");
    assertThat(webhook.path("timeoutSeconds").asInt()).isEqualTo(5);
    assertThat(webhook.path("sideEffects").asText()).isEqualTo("NoneOnDryRun");
    assertThat(webhook.path("admissionReviewVersions"))
        .extracting(JsonNode::asText)
        .containsExactly("v1");
    assertThat(webhook.path("reinvocationPolicy").asText()).isEqualTo("IfNeeded");
  }

  @ParameterizedTest
  @EnumSource(
      value = Scenario.class,
      names = {"WEBHOOK_DISABLED"},
      mode = EnumSource.Mode.EXCLUDE)
  void callsTheChartsServiceAndLeavesTheCaBundleToTheOperatorOrCertManager(Scenario scenario) {
    Manifests manifests = ChartUnderTest.render(scenario);
    JsonNode clientConfig = webhookOf(manifests).path("clientConfig");
    Manifest service = manifests.single("Service");

    assertThat(clientConfig.at("/service/name").asText()).isEqualTo(service.name());
    assertThat(clientConfig.at("/service/namespace").asText()).isEqualTo(ChartUnderTest.NAMESPACE);
    assertThat(clientConfig.at("/service/port").asInt()).isEqualTo(443);
    assertThat(clientConfig.at("/service/path").asText()).isEqualTo("/mutate-deployments");
    assertThat(clientConfig.has("url")).isFalse();
    // Absent, not empty: Helm then never owns the field, so upgrades keep the injected bundle.
    assertThat(clientConfig.has("caBundle")).isFalse();

    JsonNode servicePort = servicePort(service, 443);
    assertThat(servicePort.path("targetPort").asText()).isEqualTo("webhook");
    assertThat(OperatorPod.of(manifests).containerPort("webhook"))
        .hasValueSatisfying(p -> assertThat(p.path("containerPort").asInt()).isEqualTo(8443));
  }

  @ParameterizedTest
  @EnumSource(
      value = Scenario.class,
      names = {"WEBHOOK_DISABLED"},
      mode = EnumSource.Mode.EXCLUDE)
  void tellsTheOperatorTheNamesTheChartUses(Scenario scenario) {
    Manifests manifests = ChartUnderTest.render(scenario);
    OperatorPod pod = OperatorPod.of(manifests);
    JsonNode webhook = webhookOf(manifests);

    assertThat(pod.envValue("SCHEMAGATE_WEBHOOK_ENABLED")).hasValue("true");
    assertThat(pod.envValue("SCHEMAGATE_WEBHOOK_CONFIG_NAME"))
        .hasValue(manifests.single("MutatingWebhookConfiguration").name());
    assertThat(pod.envValue("SCHEMAGATE_WEBHOOK_SERVICE"))
        .hasValue(manifests.single("Service").name());
    assertThat(pod.envValue("SCHEMAGATE_WEBHOOK_PORT")).hasValue("8443");
    assertThat(pod.envValue("SCHEMAGATE_WEBHOOK_FAILURE_POLICY"))
        .hasValue(webhook.path("failurePolicy").asText());
    assertThat(pod.envValue("SCHEMAGATE_WEBHOOK_TIMEOUT_SECONDS"))
        .hasValue(webhook.path("timeoutSeconds").asText());
  }

  @Test
  void letsTheOperatorInjectTheCaIntoExactlyItsOwnConfigurationAndKeepItsCertificateInItsSecret() {
    Manifests manifests = ChartUnderTest.render(Scenario.DEFAULTS);
    OperatorPod pod = OperatorPod.of(manifests);
    String configName = manifests.single("MutatingWebhookConfiguration").name();

    assertThat(GrantedRule.allIn(manifests))
        .filteredOn(r -> r.covers("admissionregistration.k8s.io", "mutatingwebhookconfigurations"))
        .singleElement()
        .satisfies(r -> assertThat(r.resourceNames()).containsExactly(configName));
    assertThat(pod.envValue("SCHEMAGATE_WEBHOOK_SECRET")).hasValue("schemagate-webhook-tls");
    assertThat(pod.envValue("SCHEMAGATE_WEBHOOK_CERT_DIR")).isEmpty();
    assertThat(
            manifests
                .single("MutatingWebhookConfiguration")
                .at("/metadata/annotations")
                .isMissingNode())
        .isTrue();
  }

  @Test
  void failsOpenWithTheConfiguredTimeoutAndNamespaceSelector() {
    JsonNode webhook = webhookOf(ChartUnderTest.render(Scenario.FAIL_OPEN));

    assertThat(webhook.path("failurePolicy").asText()).isEqualTo("Ignore");
    assertThat(webhook.path("timeoutSeconds").asInt()).isEqualTo(12);
    assertThat(webhook.at("/namespaceSelector/matchLabels/schemagate.dev~1enabled").asText())
        .isEqualTo("true");
  }

  @Test
  void inTheNamespacedModeSeesOnlyTheWatchedNamespaces() {
    JsonNode selector =
        webhookOf(ChartUnderTest.render(Scenario.NAMESPACED)).path("namespaceSelector");

    assertThat(selector.at("/matchExpressions")).hasSize(1);
    assertThat(selector.at("/matchExpressions/0/key").asText())
        .isEqualTo("kubernetes.io/metadata.name");
    assertThat(selector.at("/matchExpressions/0/operator").asText()).isEqualTo("In");
    assertThat(selector.at("/matchExpressions/0/values"))
        .extracting(JsonNode::asText)
        .containsExactly("shop", "billing");
  }

  @Test
  void withCertManagerMountsTheIssuedCertificateAndAsksForCaInjection() {
    Manifests manifests = ChartUnderTest.render(Scenario.CERT_MANAGER);
    OperatorPod pod = OperatorPod.of(manifests);
    Manifest certificate = manifests.single("Certificate");
    Manifest issuer = manifests.single("Issuer");
    String service = manifests.single("Service").name();

    assertThat(
            manifests
                .single("MutatingWebhookConfiguration")
                .at("/metadata/annotations/cert-manager.io~1inject-ca-from")
                .asText())
        .isEqualTo(ChartUnderTest.NAMESPACE + "/" + certificate.name());
    assertThat(certificate.at("/spec/dnsNames"))
        .extracting(JsonNode::asText)
        .contains(service + "." + ChartUnderTest.NAMESPACE + ".svc");
    assertThat(certificate.at("/spec/issuerRef/kind").asText()).isEqualTo("Issuer");
    assertThat(certificate.at("/spec/issuerRef/name").asText()).isEqualTo(issuer.name());
    assertThat(issuer.at("/spec/selfSigned").isObject()).isTrue();

    String secretName = certificate.at("/spec/secretName").asText();
    assertThat(pod.volume("webhook-tls"))
        .hasValueSatisfying(
            v -> assertThat(v.at("/secret/secretName").asText()).isEqualTo(secretName));
    assertThat(pod.volumeMount("webhook-tls"))
        .hasValueSatisfying(
            m -> {
              assertThat(m.path("mountPath").asText()).isEqualTo(CERT_DIR);
              assertThat(m.path("readOnly").asBoolean()).isTrue();
            });
    assertThat(pod.envValue("SCHEMAGATE_WEBHOOK_CERT_DIR")).hasValue(CERT_DIR);
    // The operator manages no Secret in this mode.
    assertThat(pod.env()).doesNotContainKey("SCHEMAGATE_WEBHOOK_SECRET");
  }

  @Test
  void withCertManagerUsesAnExistingIssuerWhenOneIsNamed() {
    Manifests manifests = ChartUnderTest.render(Scenario.CERT_MANAGER_WITH_ISSUER);
    Manifest certificate = manifests.single("Certificate");

    assertThat(manifests.ofKind("Issuer")).isEmpty();
    assertThat(certificate.at("/spec/issuerRef/kind").asText()).isEqualTo("ClusterIssuer");
    assertThat(certificate.at("/spec/issuerRef/name").asText()).isEqualTo("internal-ca");
    assertThat(certificate.at("/spec/secretName").asText()).isEqualTo("operator-webhook-cert");
    assertThat(OperatorPod.of(manifests).volume("webhook-tls"))
        .hasValueSatisfying(
            v ->
                assertThat(v.at("/secret/secretName").asText()).isEqualTo("operator-webhook-cert"));
  }

  @Test
  void disabledLeavesNoWebhookBehind() {
    Manifests manifests = ChartUnderTest.render(Scenario.WEBHOOK_DISABLED);
    OperatorPod pod = OperatorPod.of(manifests);

    assertThat(manifests.ofKind("MutatingWebhookConfiguration")).isEmpty();
    assertThat(manifests.ofKind("Certificate")).isEmpty();
    assertThat(pod.envValue("SCHEMAGATE_WEBHOOK_ENABLED")).hasValue("false");
    assertThat(pod.envNames())
        .filteredOn(n -> n.startsWith("SCHEMAGATE_WEBHOOK_"))
        .containsExactly("SCHEMAGATE_WEBHOOK_ENABLED");
    assertThat(pod.containerPort("webhook")).isEmpty();
    assertThat(manifests.single("Service").at("/spec/ports"))
        .extracting(p -> p.path("name").asText())
        .containsExactly("metrics");
  }

  private static JsonNode webhookOf(Manifests manifests) {
    JsonNode webhooks = manifests.single("MutatingWebhookConfiguration").at("/webhooks");
    assertThat(webhooks).hasSize(1);
    return webhooks.get(0);
  }

  private static JsonNode servicePort(Manifest service, int port) {
    for (JsonNode candidate : service.at("/spec/ports")) {
      if (candidate.path("port").asInt() == port) {
        return candidate;
      }
    }
    throw new AssertionError(service + " has no port " + port);
  }
}
