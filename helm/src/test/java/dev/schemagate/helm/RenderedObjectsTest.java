package dev.schemagate.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.helm.testutil.ChartUnderTest;
import dev.schemagate.helm.testutil.Manifest;
import dev.schemagate.helm.testutil.Manifests;
import dev.schemagate.helm.testutil.Scenario;
import dev.schemagate.helm.testutil.UnknownFields;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Properties every rendering must have, whatever the values. */
class RenderedObjectsTest {

  private static final Set<String> CLUSTER_SCOPED =
      Set.of("ClusterRole", "ClusterRoleBinding", "MutatingWebhookConfiguration");

  /** Kinds placed in the watched namespaces rather than the release namespace. */
  private static final Set<String> PLACED_IN_WATCHED_NAMESPACES = Set.of("Role", "RoleBinding");

  /**
   * The only kinds not checked field by field: their CRDs belong to cert-manager and Prometheus.
   */
  private static final Set<String> CUSTOM_RESOURCE_KINDS =
      Set.of("Certificate", "Issuer", "ServiceMonitor");

  private static final String DNS_SUBDOMAIN =
      "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

  @ParameterizedTest
  @EnumSource(Scenario.class)
  void everyObjectIsNamedLabelledAndPlaced(Scenario scenario) {
    Manifests manifests = ChartUnderTest.render(scenario);

    assertThat(manifests.all()).isNotEmpty();
    for (Manifest object : manifests.all()) {
      assertThat(object.node().path("apiVersion").asText())
          .as("%s apiVersion", object)
          .isNotEmpty();
      assertThat(object.name()).as("%s name", object).matches(DNS_SUBDOMAIN).hasSizeLessThan(254);
      assertThat(object.at("/metadata/labels/app.kubernetes.io~1instance").asText())
          .as("%s instance label", object)
          .isEqualTo(ChartUnderTest.RELEASE);
      assertThat(object.at("/metadata/labels/app.kubernetes.io~1part-of").asText())
          .as("%s part-of label", object)
          .isEqualTo("schemagate");

      if (CLUSTER_SCOPED.contains(object.kind())) {
        assertThat(object.namespace()).as("%s is cluster-scoped", object).isEmpty();
      } else if (!PLACED_IN_WATCHED_NAMESPACES.contains(object.kind())) {
        assertThat(object.namespace())
            .as("%s namespace", object)
            .isEqualTo(ChartUnderTest.NAMESPACE);
      } else {
        assertThat(object.namespace()).as("%s namespace", object).isNotEmpty();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Scenario.class)
  void usesOnlyFieldsKubernetesDefines(Scenario scenario) {
    for (Manifest object : ChartUnderTest.render(scenario).all()) {
      if (UnknownFields.isBuiltIn(object)) {
        assertThat(UnknownFields.in(object)).as("unknown fields of %s", object).isEmpty();
      } else {
        assertThat(object.kind()).isIn(CUSTOM_RESOURCE_KINDS);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Scenario.class)
  void shipsNoSecretAndNoPassword(Scenario scenario) {
    Manifests manifests = ChartUnderTest.render(scenario);

    assertThat(manifests.ofKind("Secret")).isEmpty();
    for (Manifest object : manifests.all()) {
      assertThat(object.source().toLowerCase(Locale.ROOT))
          .as("%s", object)
          .doesNotContain("password");
    }
  }

  @ParameterizedTest
  @EnumSource(Scenario.class)
  void namesEveryObjectOfAKindOnlyOncePerNamespace(Scenario scenario) {
    Manifests manifests = ChartUnderTest.render(scenario);

    assertThat(manifests.all())
        .extracting(o -> o.kind() + " " + o.namespace() + "/" + o.name())
        .doesNotHaveDuplicates();
  }
}
