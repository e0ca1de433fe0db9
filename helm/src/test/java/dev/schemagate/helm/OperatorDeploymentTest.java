package dev.schemagate.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.schemagate.helm.testutil.ChartUnderTest;
import dev.schemagate.helm.testutil.Manifest;
import dev.schemagate.helm.testutil.Manifests;
import dev.schemagate.helm.testutil.OperatorPod;
import dev.schemagate.helm.testutil.Scenario;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OperatorDeploymentTest {

  private final Manifests defaults = ChartUnderTest.render(Scenario.DEFAULTS);
  private final OperatorPod pod = OperatorPod.of(defaults);

  @ParameterizedTest
  @EnumSource(Scenario.class)
  void locksDownThePodAndTheContainer(Scenario scenario) {
    OperatorPod pod = OperatorPod.of(ChartUnderTest.render(scenario));

    JsonNode podSecurity = pod.spec().path("securityContext");
    assertThat(podSecurity.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(podSecurity.path("runAsUser").asInt()).isEqualTo(65532);
    assertThat(podSecurity.at("/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");

    JsonNode security = pod.container().path("securityContext");
    assertThat(security.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(security.path("runAsUser").asInt()).isEqualTo(65532);
    assertThat(security.path("allowPrivilegeEscalation").isBoolean()).isTrue();
    assertThat(security.path("allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(security.at("/capabilities/drop"))
        .extracting(JsonNode::asText)
        .containsExactly("ALL");
    assertThat(security.at("/capabilities/add").isMissingNode()).isTrue();
    assertThat(security.at("/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    assertThat(security.path("privileged").asBoolean(false)).isFalse();

    // With a read-only root filesystem the JVM's temporary files need a writable /tmp.
    assertThat(pod.volume("tmp")).hasValueSatisfying(v -> assertThat(v.has("emptyDir")).isTrue());
    assertThat(pod.volumeMount("tmp"))
        .hasValueSatisfying(m -> assertThat(m.path("mountPath").asText()).isEqualTo("/tmp"));
    assertThat(pod.spec().path("hostNetwork").asBoolean(false)).isFalse();
    assertThat(pod.spec().path("automountServiceAccountToken").asBoolean()).isTrue();
  }

  @Test
  void runsTwoReplicasOfTheChartsAppVersionAndKeepsOneServingDuringUpgrades() throws IOException {
    Manifest deployment = defaults.single("Deployment");

    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(pod.container().path("image").asText())
        .isEqualTo("schemagate/operator:" + appVersion());
    assertThat(pod.container().path("imagePullPolicy").asText()).isEqualTo("IfNotPresent");
    assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt()).isZero();
    JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
    deployment
        .at("/spec/selector/matchLabels")
        .properties()
        .forEach(
            label ->
                assertThat(podLabels.path(label.getKey()))
                    .as(label.getKey())
                    .isEqualTo(label.getValue()));
  }

  @Test
  void probesTheHttpPortAndExposesTheWebhookPort() {
    assertThat(pod.containerPort("http"))
        .hasValueSatisfying(p -> assertThat(p.path("containerPort").asInt()).isEqualTo(8080));
    assertThat(pod.containerPort("webhook"))
        .hasValueSatisfying(p -> assertThat(p.path("containerPort").asInt()).isEqualTo(8443));

    assertThat(pod.container().at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(pod.container().at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(pod.container().at("/startupProbe/httpGet/path").asText()).isEqualTo("/healthz");
    for (String probe : new String[] {"livenessProbe", "readinessProbe", "startupProbe"}) {
      assertThat(pod.container().at("/" + probe + "/httpGet/port").asText()).isEqualTo("http");
      assertThat(pod.container().at("/" + probe + "/periodSeconds").asInt()).isPositive();
    }
  }

  @Test
  void requestsResourcesAndLimitsMemory() {
    JsonNode resources = pod.container().path("resources");

    assertThat(resources.at("/requests/cpu").asText()).isNotEmpty();
    assertThat(resources.at("/requests/memory").asText()).isNotEmpty();
    assertThat(resources.at("/limits/memory").asText()).isNotEmpty();
  }

  @Test
  void wiresEverySettingIntoTheEnvironment() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("SCHEMAGATE_NAMESPACES", "");
    expected.put("SCHEMAGATE_HTTP_PORT", "8080");
    expected.put("SCHEMAGATE_LEADER_ELECTION", "true");
    expected.put("SCHEMAGATE_LOG_FORMAT", "json");
    expected.put("SCHEMAGATE_POD_START_TIMEOUT", "5m");
    expected.put("SCHEMAGATE_WEBHOOK_ENABLED", "true");
    expected.put("SCHEMAGATE_WEBHOOK_PORT", "8443");
    expected.put("SCHEMAGATE_WEBHOOK_SERVICE", "schemagate");
    expected.put("SCHEMAGATE_WEBHOOK_CONFIG_NAME", "schemagate-schemagate-system");
    expected.put("SCHEMAGATE_WEBHOOK_FAILURE_POLICY", "Fail");
    expected.put("SCHEMAGATE_WEBHOOK_TIMEOUT_SECONDS", "5");
    expected.put("SCHEMAGATE_WEBHOOK_SECRET", "schemagate-webhook-tls");

    expected.forEach((name, value) -> assertThat(pod.envValue(name)).as(name).hasValue(value));
    assertThat(pod.env().get("SCHEMAGATE_NAMESPACE").at("/fieldRef/fieldPath").asText())
        .isEqualTo("metadata.namespace");
    Set<String> names = new TreeSet<>(expected.keySet());
    names.add("SCHEMAGATE_NAMESPACE");
    assertThat(pod.envNames()).containsExactlyInAnyOrderElementsOf(names);
  }

  @Test
  void watchesTheConfiguredNamespaces() {
    assertThat(
            OperatorPod.of(ChartUnderTest.render(Scenario.NAMESPACED))
                .envValue("SCHEMAGATE_NAMESPACES"))
        .hasValue("shop,billing");
  }

  @Test
  void appliesTheCustomizedValues() {
    Manifests manifests = ChartUnderTest.render(Scenario.CUSTOMIZED);
    OperatorPod pod = OperatorPod.of(manifests);
    JsonNode spec = pod.spec();

    assertThat(pod.container().path("image").asText())
        .isEqualTo(
            "registry.example.com/platform/schemagate-operator@sha256:"
                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    assertThat(pod.container().path("imagePullPolicy").asText()).isEqualTo("Always");
    assertThat(spec.at("/imagePullSecrets/0/name").asText()).isEqualTo("registry-credentials");
    assertThat(manifests.single("Deployment").at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(pod.envValue("SCHEMAGATE_LEADER_ELECTION")).hasValue("false");
    assertThat(pod.envValue("SCHEMAGATE_LOG_FORMAT")).hasValue("text");
    assertThat(pod.envValue("SCHEMAGATE_POD_START_TIMEOUT")).hasValue("90s");
    assertThat(pod.envValue("JDK_JAVA_OPTIONS")).hasValue("-Xmx300m");
    // Extra variables come last, so they win over the chart's own.
    assertThat(pod.envNames()).last().isEqualTo("HTTPS_PROXY");

    // An existing ServiceAccount: used and bound, not created.
    assertThat(spec.path("serviceAccountName").asText()).isEqualTo("platform-operator");
    assertThat(manifests.ofKind("ServiceAccount")).isEmpty();

    assertThat(spec.path("priorityClassName").asText()).isEqualTo("platform-critical");
    assertThat(spec.at("/tolerations/0/key").asText()).isEqualTo("dedicated");
    assertThat(spec.at("/topologySpreadConstraints")).hasSize(1);
    assertThat(spec.at("/topologySpreadConstraints/0/topologyKey").asText())
        .isEqualTo("topology.kubernetes.io/zone");
    JsonNode podMetadata = manifests.single("Deployment").at("/spec/template/metadata");
    assertThat(podMetadata.at("/labels/tier").asText()).isEqualTo("control-plane");
    assertThat(podMetadata.at("/annotations/example.com~1scrape").asText()).isEqualTo("false");
    assertThat(manifests.all())
        .allSatisfy(o -> assertThat(o.at("/metadata/labels/team").asText()).isEqualTo("platform"));

    // One replica: a PodDisruptionBudget would only block node drains.
    assertThat(manifests.ofKind("PodDisruptionBudget")).isEmpty();
  }

  @Test
  void spreadsReplicasOverNodesWithoutRequiringIt() {
    JsonNode constraint = pod.spec().at("/topologySpreadConstraints/0");

    assertThat(constraint.path("topologyKey").asText()).isEqualTo("kubernetes.io/hostname");
    assertThat(constraint.path("whenUnsatisfiable").asText()).isEqualTo("ScheduleAnyway");
    assertThat(constraint.at("/labelSelector/matchLabels"))
        .isEqualTo(defaults.single("Deployment").at("/spec/selector/matchLabels"));
  }

  @Test
  void keepsOneReplicaThroughNodeDrains() {
    Manifest budget = defaults.single("PodDisruptionBudget");

    assertThat(budget.at("/spec/minAvailable").asInt()).isEqualTo(1);
    assertThat(budget.at("/spec/selector/matchLabels"))
        .isEqualTo(defaults.single("Deployment").at("/spec/selector/matchLabels"));
  }

  @Test
  void servesWebhookAndMetricsThroughOneService() {
    Manifest service = defaults.single("Service");

    assertThat(service.at("/spec/selector"))
        .isEqualTo(defaults.single("Deployment").at("/spec/selector/matchLabels"));
    Map<String, String> ports = new LinkedHashMap<>();
    service
        .at("/spec/ports")
        .forEach(
            p ->
                ports.put(
                    p.path("name").asText(),
                    p.path("port").asText() + "->" + p.path("targetPort").asText()));
    assertThat(ports)
        .containsExactly(entry("webhook", "443->webhook"), entry("metrics", "8080->http"));
  }

  @Test
  void mountsTheServiceAccountTokenOnlyIntoTheOperatorPod() {
    assertThat(defaults.single("ServiceAccount").at("/automountServiceAccountToken").asBoolean())
        .isFalse();
    assertThat(pod.spec().path("serviceAccountName").asText())
        .isEqualTo(defaults.single("ServiceAccount").name());
  }

  private static String appVersion() throws IOException {
    return new YAMLMapper()
        .readTree(ChartUnderTest.chartDir().resolve("Chart.yaml").toFile())
        .path("appVersion")
        .asText();
  }
}
