package dev.schemagate.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemagate.helm.testutil.ChartUnderTest;
import dev.schemagate.helm.testutil.GrantedRule;
import dev.schemagate.helm.testutil.Manifest;
import dev.schemagate.helm.testutil.Manifests;
import dev.schemagate.helm.testutil.OperatorPod;
import dev.schemagate.helm.testutil.Scenario;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Least privilege, checked on what Helm actually renders. */
class RbacTest {

  /**
   * Everything the operator may do in a namespace it watches ("group/resource" to verbs). A change
   * here is a change of the operator's privileges: it belongs in a reviewed commit with the
   * operator code that needs it.
   */
  private static final Map<String, Set<String>> WATCHED_NAMESPACE_GRANTS =
      Map.of(
          "schemagate.dev/databasemigrations", Set.of("get", "list", "watch", "patch", "update"),
          "schemagate.dev/databasemigrations/status", Set.of("get", "patch", "update"),
          "batch/jobs", Set.of("get", "list", "watch", "create", "delete", "patch"),
          "/pods", Set.of("get", "list", "watch"),
          "/pods/log", Set.of("get"),
          "apps/deployments", Set.of("get", "list", "watch", "patch", "update"),
          "/events", Set.of("create", "patch"),
          "events.k8s.io/events", Set.of("create", "patch"));

  private static final String LEASE = "schemagate-operator";
  private static final String WEBHOOK_SECRET = "schemagate-webhook-tls";
  private static final String WEBHOOK_CONFIG = "schemagate-schemagate-system";
  private static final String CLUSTER_ROLE = "schemagate-schemagate-system";

  @ParameterizedTest
  @EnumSource(Scenario.class)
  void grantsNoWildcards(Scenario scenario) {
    for (GrantedRule rule : GrantedRule.allIn(ChartUnderTest.render(scenario))) {
      assertThat(
              Stream.of(rule.apiGroups(), rule.resources(), rule.verbs(), rule.resourceNames())
                  .flatMap(List::stream))
          .as("%s", rule)
          .noneMatch(value -> value.contains("*"));
      assertThat(rule.verbs()).as("%s", rule).isNotEmpty();
      assertThat(rule.resources()).as("%s", rule).isNotEmpty();
      assertThat(rule.nonResourceURLs()).as("%s", rule).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Scenario.class)
  void commentsEveryRuleWithWhyItIsNeeded(Scenario scenario) {
    for (Manifest role : roles(ChartUnderTest.render(scenario))) {
      List<String> lines = role.source().lines().map(String::strip).toList();
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).startsWith("- apiGroups:")) {
          assertThat(lines.get(i - 1))
              .as("%s: the rule `%s` needs a comment above it", role, lines.get(i))
              .startsWith("#");
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Scenario.class)
  void touchesSecretsOnlyByNameAndOnlyInItsOwnNamespace(Scenario scenario) {
    for (GrantedRule rule : GrantedRule.allIn(ChartUnderTest.render(scenario))) {
      if (!rule.covers("", "secrets")) {
        continue;
      }
      assertThat(rule.role().kind()).as("%s", rule).isEqualTo("Role");
      assertThat(rule.role().namespace()).as("%s", rule).isEqualTo(ChartUnderTest.NAMESPACE);
      assertThat(rule.resources()).as("%s", rule).containsExactly("secrets");
      if (rule.verbs().equals(List.of("create"))) {
        // RBAC cannot restrict create by name, so create stands alone.
        assertThat(rule.resourceNames()).as("%s", rule).isEmpty();
      } else {
        assertThat(rule.resourceNames()).as("%s", rule).containsExactly(secretNameIn(scenario));
        assertThat(rule.verbs()).as("%s", rule).containsExactlyInAnyOrder("get", "update", "patch");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Scenario.class)
  void neverListsOrWatchesSecrets(Scenario scenario) {
    assertThat(GrantedRule.allIn(ChartUnderTest.render(scenario)))
        .filteredOn(rule -> rule.covers("", "secrets"))
        .flatExtracting(GrantedRule::verbs)
        .as("verbs on Secrets")
        .doesNotContain("list", "watch", "delete", "deletecollection");
  }

  @ParameterizedTest
  @EnumSource(
      value = Scenario.class,
      names = {
        "CERT_MANAGER",
        "CERT_MANAGER_WITH_ISSUER",
        "NAMESPACED_WITH_CERT_MANAGER",
        "WEBHOOK_DISABLED"
      })
  void grantsNoSecretAccessAndNoWebhookAccessWhenItDoesNotManageTheCertificate(Scenario scenario) {
    assertThat(GrantedRule.allIn(ChartUnderTest.render(scenario)))
        .noneMatch(rule -> rule.covers("", "secrets"))
        .noneMatch(
            rule -> rule.covers("admissionregistration.k8s.io", "mutatingwebhookconfigurations"));
  }

  @ParameterizedTest
  @EnumSource(
      value = Scenario.class,
      names = {"DEFAULTS", "NAMESPACED", "FAIL_OPEN", "OBSERVABILITY"})
  void mayChangeOnlyItsOwnWebhookConfigurationAndSecret(Scenario scenario) {
    List<GrantedRule> rules = GrantedRule.allIn(ChartUnderTest.render(scenario));

    assertThat(rules)
        .filteredOn(r -> r.covers("admissionregistration.k8s.io", "mutatingwebhookconfigurations"))
        .as("rules on MutatingWebhookConfigurations")
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.role().kind()).isEqualTo("ClusterRole");
              assertThat(rule.resourceNames()).containsExactly(WEBHOOK_CONFIG);
              // No create: the chart owns the configuration, and an operator that recreated it
              // during `helm uninstall` would leave a fail-closed webhook with nobody serving it.
              assertThat(rule.verbs()).containsExactlyInAnyOrder("get", "patch", "update");
            });
    assertThat(rules)
        .filteredOn(r -> r.covers("", "secrets"))
        .extracting(GrantedRule::resourceNames)
        .as("resourceNames of the rules on Secrets")
        .containsExactlyInAnyOrder(List.of(), List.of(WEBHOOK_SECRET));
  }

  @ParameterizedTest
  @EnumSource(Scenario.class)
  void usesLeasesOnlyInItsOwnNamespaceAndOnlyItsOwnLease(Scenario scenario) {
    for (GrantedRule rule : GrantedRule.allIn(ChartUnderTest.render(scenario))) {
      if (!rule.covers("coordination.k8s.io", "leases")) {
        continue;
      }
      assertThat(rule.role().kind()).as("%s", rule).isEqualTo("Role");
      assertThat(rule.role().namespace()).as("%s", rule).isEqualTo(ChartUnderTest.NAMESPACE);
      if (rule.verbs().equals(List.of("create"))) {
        assertThat(rule.resourceNames()).as("%s", rule).isEmpty();
      } else {
        assertThat(rule.resourceNames()).as("%s", rule).containsExactly(LEASE);
        assertThat(rule.verbs()).as("%s", rule).containsExactlyInAnyOrder("get", "update");
      }
    }
  }

  @Test
  void grantsWhatTheOperatorSdkChecksForLeaderElectionAtStartup() {
    // JOSDK refuses to start leader election unless the rules on leases that apply to the Lease's
    // name (those naming it and those naming nothing) allow create, update and get together.
    assertThat(GrantedRule.allIn(ChartUnderTest.render(Scenario.DEFAULTS)))
        .filteredOn(r -> r.covers("coordination.k8s.io", "leases"))
        .filteredOn(r -> r.resourceNames().isEmpty() || r.resourceNames().contains(LEASE))
        .flatExtracting(GrantedRule::verbs)
        .as("verbs on the Lease " + LEASE)
        .contains("create", "update", "get");
  }

  @Test
  void clusterWideModeGrantsExactlyTheWatchedNamespaceRulesThroughOneClusterRole() {
    Manifests manifests = ChartUnderTest.render(Scenario.DEFAULTS);

    List<GrantedRule> clusterWide =
        GrantedRule.allIn(manifests).stream()
            .filter(GrantedRule::clusterWide)
            .filter(r -> !r.covers("admissionregistration.k8s.io", "mutatingwebhookconfigurations"))
            .toList();
    assertThat(grants(clusterWide)).as("cluster-wide grants").isEqualTo(WATCHED_NAMESPACE_GRANTS);
    assertThat(clusterWide).extracting(r -> r.role().name()).containsOnly(CLUSTER_ROLE);
    assertThat(manifests.ofKind("RoleBinding"))
        .extracting(Manifest::namespace)
        .containsOnly(ChartUnderTest.NAMESPACE);
  }

  @Test
  void namespacedModeGrantsTheWatchedNamespaceRulesOnlyInEachWatchedNamespace() {
    Manifests manifests = ChartUnderTest.render(Scenario.NAMESPACED);
    List<GrantedRule> rules = GrantedRule.allIn(manifests);

    for (String namespace : List.of("shop", "billing")) {
      assertThat(
              grants(rules.stream().filter(r -> r.role().namespace().equals(namespace)).toList()))
          .as("Role in %s", namespace)
          .isEqualTo(WATCHED_NAMESPACE_GRANTS);
      assertThat(manifests.ofKind("RoleBinding"))
          .filteredOn(b -> b.namespace().equals(namespace))
          .hasSize(1);
    }
    // The one cluster-wide grant left is the webhook configuration, which is cluster-scoped itself.
    assertThat(rules)
        .filteredOn(GrantedRule::clusterWide)
        .allMatch(r -> r.covers("admissionregistration.k8s.io", "mutatingwebhookconfigurations"))
        .allMatch(r -> !r.resourceNames().isEmpty());
    assertThat(manifests.ofKind("ClusterRoleBinding")).hasSize(1);
    assertThat(rules)
        .extracting(r -> r.role().namespace())
        .containsOnly("", "shop", "billing", ChartUnderTest.NAMESPACE);
  }

  @ParameterizedTest
  @EnumSource(Scenario.class)
  void bindsEveryRoleToTheOperatorServiceAccountAndNothingElse(Scenario scenario) {
    Manifests manifests = ChartUnderTest.render(scenario);
    String serviceAccount = OperatorPod.of(manifests).spec().path("serviceAccountName").asText();

    Set<String> bound = new TreeSet<>();
    for (Manifest binding : bindings(manifests)) {
      JsonNode roleRef = binding.at("/roleRef");
      String roleKind = roleRef.path("kind").asText();
      String roleNamespace = roleKind.equals("Role") ? binding.namespace() : "";
      assertThat(roles(manifests))
          .as("%s refers to a role the chart renders", binding)
          .anyMatch(
              r ->
                  r.kind().equals(roleKind)
                      && r.name().equals(roleRef.path("name").asText())
                      && r.namespace().equals(roleNamespace));
      bound.add(roleKind + " " + roleNamespace + "/" + roleRef.path("name").asText());

      assertThat(binding.at("/subjects")).as("%s subjects", binding).hasSize(1);
      JsonNode subject = binding.at("/subjects/0");
      assertThat(subject.path("kind").asText()).isEqualTo("ServiceAccount");
      assertThat(subject.path("name").asText()).isEqualTo(serviceAccount);
      assertThat(subject.path("namespace").asText()).isEqualTo(ChartUnderTest.NAMESPACE);
    }
    assertThat(roles(manifests))
        .extracting(r -> r.kind() + " " + r.namespace() + "/" + r.name())
        .as("every role is bound")
        .containsExactlyInAnyOrderElementsOf(bound);
  }

  @Test
  void withoutLeaderElectionGrantsNoLease() {
    assertThat(GrantedRule.allIn(ChartUnderTest.render(Scenario.CUSTOMIZED)))
        .noneMatch(r -> r.covers("coordination.k8s.io", "leases"));
  }

  @Test
  void rendersNoRbacWhenTheUserManagesIt() {
    Manifests manifests =
        Manifests.parse(
            ChartUnderTest.template(Scenario.DEFAULTS)
                .withKubeVersion(ChartUnderTest.KUBE_VERSION)
                .set("rbac.create", false)
                .call());

    assertThat(manifests.all())
        .extracting(Manifest::kind)
        .doesNotContain("Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding");
  }

  private static String secretNameIn(Scenario scenario) {
    return scenario == Scenario.CERT_MANAGER_WITH_ISSUER ? "operator-webhook-cert" : WEBHOOK_SECRET;
  }

  private static Map<String, Set<String>> grants(List<GrantedRule> rules) {
    Map<String, Set<String>> grants = new TreeMap<>();
    for (GrantedRule rule : rules) {
      assertThat(rule.resourceNames()).as("%s", rule).isEmpty();
      for (String group : rule.apiGroups()) {
        for (String resource : rule.resources()) {
          grants.computeIfAbsent(group + "/" + resource, k -> new TreeSet<>()).addAll(rule.verbs());
        }
      }
    }
    return grants;
  }

  private static List<Manifest> roles(Manifests manifests) {
    return manifests.all().stream()
        .filter(o -> o.kind().equals("Role") || o.kind().equals("ClusterRole"))
        .toList();
  }

  private static List<Manifest> bindings(Manifests manifests) {
    return manifests.all().stream()
        .filter(o -> o.kind().equals("RoleBinding") || o.kind().equals("ClusterRoleBinding"))
        .toList();
  }
}
