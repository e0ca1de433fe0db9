package dev.schemagate.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemagate.helm.testutil.ChartUnderTest;
import dev.schemagate.helm.testutil.Manifest;
import dev.schemagate.helm.testutil.Manifests;
import dev.schemagate.helm.testutil.OperatorPod;
import dev.schemagate.helm.testutil.Scenario;
import org.junit.jupiter.api.Test;

/** ServiceMonitor and NetworkPolicy: off by default, correct when on. */
class OptionalObjectsTest {

  private final Manifests observability = ChartUnderTest.render(Scenario.OBSERVABILITY);

  @Test
  void areOffByDefault() {
    Manifests defaults = ChartUnderTest.render(Scenario.DEFAULTS);

    assertThat(defaults.ofKind("ServiceMonitor")).isEmpty();
    assertThat(defaults.ofKind("NetworkPolicy")).isEmpty();
  }

  @Test
  void serviceMonitorScrapesTheMetricsPortOfTheChartsService() {
    Manifest monitor = observability.single("ServiceMonitor");
    Manifest service = observability.single("Service");

    assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
    monitor
        .at("/spec/selector/matchLabels")
        .properties()
        .forEach(
            label ->
                assertThat(service.at("/metadata/labels").path(label.getKey()))
                    .as(label.getKey())
                    .isEqualTo(label.getValue()));
    JsonNode endpoint = monitor.at("/spec/endpoints/0");
    assertThat(endpoint.path("port").asText()).isEqualTo("metrics");
    assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
    assertThat(endpoint.path("interval").asText()).isEqualTo("15s");
    assertThat(service.at("/spec/ports"))
        .extracting(p -> p.path("name").asText())
        .contains(endpoint.path("port").asText());
  }

  @Test
  void networkPolicyAdmitsTheWebhookFromAnywhereAndMetricsOnlyFromTheConfiguredPeers() {
    Manifest policy = observability.single("NetworkPolicy");
    OperatorPod pod = OperatorPod.of(observability);

    assertThat(policy.at("/spec/podSelector/matchLabels"))
        .isEqualTo(observability.single("Deployment").at("/spec/selector/matchLabels"));
    assertThat(policy.at("/spec/policyTypes"))
        .extracting(JsonNode::asText)
        .containsExactly("Ingress");
    assertThat(policy.at("/spec/ingress")).hasSize(2);

    JsonNode webhookRule = policy.at("/spec/ingress/0");
    assertThat(webhookRule.has("from")).isFalse();
    assertThat(webhookRule.at("/ports/0/port").asText()).isEqualTo("webhook");

    JsonNode metricsRule = policy.at("/spec/ingress/1");
    assertThat(metricsRule.at("/from")).hasSize(1);
    assertThat(
            metricsRule
                .at("/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name")
                .asText())
        .isEqualTo("monitoring");
    assertThat(metricsRule.at("/ports/0/port").asText()).isEqualTo("http");

    // The named ports exist on the container, or the policy would match nothing.
    assertThat(pod.containerPort("webhook")).isPresent();
    assertThat(pod.containerPort("http")).isPresent();
  }

  @Test
  void networkPolicyWithNothingToServeAdmitsNothing() {
    Manifests manifests =
        Manifests.parse(
            ChartUnderTest.template(Scenario.WEBHOOK_DISABLED)
                .withKubeVersion(ChartUnderTest.KUBE_VERSION)
                .set("networkPolicy.enabled", true)
                .call());

    JsonNode ingress = manifests.single("NetworkPolicy").at("/spec/ingress");
    assertThat(ingress.isArray()).isTrue();
    assertThat(ingress).isEmpty();
  }
}
