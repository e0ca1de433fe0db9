package dev.schemagate.operator.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.DatabaseMigrationValidator;
import dev.schemagate.operator.api.SchemagateConstants;
import dev.schemagate.operator.examples.ArgoHealthCheck.Health;
import dev.schemagate.operator.examples.ExampleManifests.Manifest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The examples in {@code examples/} are what users copy: every DatabaseMigration in them validates
 * against the committed CRD's schema (and the operator's own validator), every other document is a
 * well-formed object of its kind without unknown fields, and what the READMEs promise holds (images
 * pinned by digest, placeholder credentials only, gated Deployments matching their migration, the
 * Argo CD health check's answers, the Flux ordering).
 */
class ExamplesValidateTest {

  static final Path CRD = Path.of("..", "crds", "databasemigrations.schemagate.dev-v1.yml");
  static final Pattern PINNED = Pattern.compile("^[^\\s@]+@sha256:[0-9a-f]{64}$");
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** Kinds that are not served by a stock API server: checked by the tests below, not typed. */
  static final Set<String> TOOL_KINDS =
      Set.of(
          "kustomize.config.k8s.io/v1beta1 Kustomization",
          "kustomize.toolkit.fluxcd.io/v1 Kustomization",
          "source.toolkit.fluxcd.io/v1 GitRepository",
          "argoproj.io/v1alpha1 Application");

  static CrdJsonSchema schema;
  static List<Manifest> manifests;

  @BeforeAll
  static void load() {
    schema = CrdJsonSchema.load(CRD);
    manifests = ExampleManifests.all();
  }

  static Stream<Manifest> ofKind(String apiVersion, String kind) {
    return manifests.stream().filter(m -> m.is(apiVersion, kind));
  }

  static Stream<Manifest> migrations() {
    return ofKind(SchemagateConstants.API_VERSION, SchemagateConstants.KIND);
  }

  @Test
  void theExamplesAreThere() {
    assertThat(migrations()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(ofKind("apps/v1", "Deployment")).hasSizeGreaterThanOrEqualTo(2);
    assertThat(ofKind("argoproj.io/v1alpha1", "Application")).hasSize(1);
    assertThat(ofKind("kustomize.toolkit.fluxcd.io/v1", "Kustomization")).hasSize(2);
    for (String dir : List.of("complete-app", "gofr-app", "argocd", "flux")) {
      assertThat(ExampleManifests.ROOT.resolve(dir).resolve("README.md")).isRegularFile();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyDatabaseMigrationValidatesAgainstTheCrdSchema() {
    return migrations()
        .map(
            m ->
                DynamicTest.dynamicTest(
                    m.toString(),
                    () -> {
                      assertThat(schema.validate(m.node())).as("schema problems").isEmpty();
                      DatabaseMigration typed =
                          SERIALIZATION.unmarshal(m.node().toString(), DatabaseMigration.class);
                      assertThat(DatabaseMigrationValidator.validate(typed))
                          .as("the operator's own validator")
                          .isEmpty();
                      assertThat(m.node().has("status")).as("no status in a manifest").isFalse();
                    }));
  }

  @TestFactory
  Stream<DynamicTest> everyOtherDocumentIsAWellFormedObjectOfItsKind() {
    return manifests.stream()
        .filter(m -> !m.is(SchemagateConstants.API_VERSION, SchemagateConstants.KIND))
        .map(
            m ->
                DynamicTest.dynamicTest(
                    m.toString(),
                    () -> {
                      assertThat(m.apiVersion()).as("apiVersion").isNotBlank();
                      assertThat(m.kind()).as("kind").isNotBlank();
                      if (TOOL_KINDS.contains(m.apiVersion() + " " + m.kind())) {
                        return;
                      }
                      assertThat(m.name()).as("metadata.name").isNotBlank();
                      Object typed = SERIALIZATION.unmarshal(m.node().toString());
                      assertThat(typed)
                          .as("a Kubernetes kind Fabric8 knows")
                          .isInstanceOf(HasMetadata.class)
                          .isNotInstanceOf(GenericKubernetesResource.class);
                      assertThat(UnknownFields.of(typed)).as("unknown fields").isEmpty();
                    }));
  }

  // --- the validator can fail -------------------------------------------------------------------

  static ObjectNode completeAppMigration() {
    return (ObjectNode)
        migrations()
            .filter(m -> m.name().equals("orders"))
            .findFirst()
            .orElseThrow()
            .node()
            .deepCopy();
  }

  @Test
  void theSchemaRejectsAnImageWithoutDigest() {
    ObjectNode migration = completeAppMigration();
    ((ObjectNode) migration.get("spec")).put("image", "registry.example.com/shop/orders:1.4.0");
    assertThat(schema.validate(migration)).anySatisfy(p -> assertThat(p).contains("/spec/image"));
  }

  @Test
  void theSchemaRejectsAMigratorImageWithoutDigest() {
    ObjectNode migration = completeAppMigration();
    ((ObjectNode) migration.at("/spec/migrator")).put("image", "schemagate/migrator:latest");
    assertThat(schema.validate(migration))
        .anySatisfy(p -> assertThat(p).contains("/spec/migrator/image"));
  }

  @Test
  void theSchemaRejectsMoreThanTenRetries() {
    ObjectNode migration = completeAppMigration();
    ((ObjectNode) migration.get("spec")).put("backoffLimit", 11);
    assertThat(schema.validate(migration))
        .anySatisfy(p -> assertThat(p).contains("/spec/backoffLimit"));
  }

  @Test
  void theSchemaRejectsAMisspeltField() {
    ObjectNode migration = completeAppMigration();
    ((ObjectNode) migration.get("spec")).put("backofLimit", 1);
    assertThat(schema.validate(migration)).anySatisfy(p -> assertThat(p).contains("backofLimit"));
  }

  @Test
  void theSchemaRejectsWhatTheCelRulesReject() {
    ObjectNode withoutSpec = completeAppMigration();
    withoutSpec.remove("spec");
    assertThat(schema.validate(withoutSpec)).anySatisfy(p -> assertThat(p).contains("spec"));

    ObjectNode longName = completeAppMigration();
    ((ObjectNode) longName.get("metadata")).put("name", "o".repeat(64));
    assertThat(schema.validate(longName)).anySatisfy(p -> assertThat(p).contains("/metadata/name"));
  }

  @Test
  void theSchemaAcceptsQuantitiesAsNumbersOrStrings() {
    ObjectNode migration = completeAppMigration();
    ObjectNode requests = (ObjectNode) migration.at("/spec/migrator/resources/requests");
    requests.put("cpu", 1);
    requests.put("memory", "256Mi");
    assertThat(schema.validate(migration)).isEmpty();
    requests.put("cpu", true);
    assertThat(schema.validate(migration)).isNotEmpty();
  }

  @Test
  void aCelRuleWithoutTranslationFailsTheConversion() {
    ObjectNode openApi = (ObjectNode) schema.jsonSchema().deepCopy();
    openApi.putArray("x-kubernetes-validations").addObject().put("rule", "self.spec.image != ''");
    assertThatThrownBy(() -> CrdJsonSchema.toJsonSchema(openApi, "schemagate.dev/v1alpha1", "X"))
        .hasMessageContaining("self.spec.image != ''");
  }

  @Test
  void aMisspeltFieldOfAKubernetesObjectIsFound() {
    Object deployment =
        SERIALIZATION.unmarshal(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: orders}
            spec:
              selector: {matchLabels: {app: orders}}
              template:
                metadata: {labels: {app: orders}}
                spec:
                  containers:
                    - name: orders
                      image: registry.example.com/shop/orders:1
                      readinesProbe: {httpGet: {path: /ready, port: 8080}}
            """);
    assertThat(UnknownFields.of(deployment))
        .singleElement()
        .asString()
        .contains(".spec.template.spec.containers[0]")
        .contains("readinesProbe");
  }

  // --- what the READMEs promise ------------------------------------------------------------------

  @Test
  void gatedDeploymentsRunTheImageTheirMigrationMigrates() {
    List<Manifest> deployments =
        ofKind("apps/v1", "Deployment")
            .filter(d -> d.node().at("/metadata/labels").has(SchemagateConstants.Labels.MIGRATION))
            .toList();
    assertThat(deployments).hasSizeGreaterThanOrEqualTo(2);
    for (Manifest manifest : deployments) {
      Deployment deployment = SERIALIZATION.unmarshal(manifest.node().toString(), Deployment.class);
      String migrationName =
          deployment.getMetadata().getLabels().get(SchemagateConstants.Labels.MIGRATION);
      Manifest migration =
          migrations()
              .filter(m -> m.name().equals(migrationName))
              .filter(m -> m.namespace().equals(deployment.getMetadata().getNamespace()))
              .filter(m -> m.file().getParent().startsWith(exampleDir(manifest.file())))
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError(manifest + ": no DatabaseMigration " + migrationName));
      String gateContainer = migration.node().at("/spec/gate/container").asText("");
      List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
      Container gated =
          gateContainer.isEmpty()
              ? containers.getFirst()
              : containers.stream()
                  .filter(c -> c.getName().equals(gateContainer))
                  .findFirst()
                  .orElseThrow();
      assertThat(gated.getImage())
          .as(manifest + ": the gated image is the migration's spec.image")
          .isEqualTo(migration.node().at("/spec/image").asText());
    }
  }

  @Test
  void everyImageIsPinnedByAWellFormedDigest() {
    List<String> images = new ArrayList<>();
    ofKind("apps/v1", "Deployment")
        .forEach(
            d ->
                SERIALIZATION
                    .unmarshal(d.node().toString(), Deployment.class)
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .forEach(c -> images.add(c.getImage())));
    migrations()
        .forEach(
            m -> {
              images.add(m.node().at("/spec/image").asText());
              if (m.node().at("/spec/migrator/image").isTextual()) {
                images.add(m.node().at("/spec/migrator/image").asText());
              }
            });
    assertThat(images).isNotEmpty().allSatisfy(image -> assertThat(image).matches(PINNED));
  }

  @Test
  void theMigrationsImageIsBuiltOnThePinnedMigratorWithTheExampleMigrations() throws IOException {
    List<String> lines =
        Files.readAllLines(
            ExampleManifests.ROOT.resolve("complete-app/migrations-image/Dockerfile"));
    assertThat(lines)
        .filteredOn(l -> l.startsWith("FROM "))
        .singleElement()
        .satisfies(
            from ->
                assertThat(from.substring(5)).startsWith("schemagate/migrator@").matches(PINNED));
    assertThat(lines).contains("COPY migrations/ /migrations/");
    assertThat(ExampleManifests.ROOT.resolve("migrations")).isDirectory();
  }

  @Test
  void secretsHoldOnlyPlaceholderPasswords() {
    List<Manifest> secrets = ofKind("v1", "Secret").toList();
    assertThat(secrets).isNotEmpty();
    for (Manifest manifest : secrets) {
      Secret secret = SERIALIZATION.unmarshal(manifest.node().toString(), Secret.class);
      assertThat(secret.getData()).as(manifest + ": only stringData").isNullOrEmpty();
      assertThat(secret.getStringData())
          .as(manifest + ": every password is the placeholder change-me")
          .isNotEmpty()
          .allSatisfy(
              (key, value) -> {
                if (key.toUpperCase().contains("PASSWORD")) {
                  assertThat(value).isEqualTo("change-me");
                }
              });
    }
  }

  @Test
  void kustomizationsListFilesThatExistAndEveryManifestBesideThem() throws IOException {
    List<Manifest> kustomizations =
        ofKind("kustomize.config.k8s.io/v1beta1", "Kustomization").toList();
    assertThat(kustomizations).isNotEmpty();
    for (Manifest kustomization : kustomizations) {
      Path dir = kustomization.file().getParent();
      List<String> resources = new ArrayList<>();
      kustomization.node().path("resources").forEach(r -> resources.add(r.asText()));
      for (String resource : resources) {
        Path path = dir.resolve(resource);
        assertThat(
                Files.isRegularFile(path)
                    || Files.isRegularFile(path.resolve("kustomization.yaml")))
            .as(kustomization + ": resource " + resource)
            .isTrue();
      }
      try (Stream<Path> files = Files.list(dir)) {
        List<String> yamlBeside =
            files
                .map(f -> f.getFileName().toString())
                .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml"))
                .toList();
        assertThat(resources).as(kustomization + ": lists every manifest").containsAll(yamlBeside);
      }
    }
  }

  @Test
  void theFluxKustomizationsApplyTheMigrationFirstAndWaitForIt() {
    Map<String, Manifest> byName = new java.util.HashMap<>();
    ofKind("kustomize.toolkit.fluxcd.io/v1", "Kustomization").forEach(k -> byName.put(k.name(), k));
    JsonNode migration = byName.get("orders-migration").node().path("spec");
    JsonNode app = byName.get("orders-app").node().path("spec");

    assertThat(migration.path("healthChecks"))
        .anySatisfy(
            check -> {
              assertThat(check.path("apiVersion").asText())
                  .isEqualTo(SchemagateConstants.API_VERSION);
              assertThat(check.path("kind").asText()).isEqualTo(SchemagateConstants.KIND);
              assertThat(check.path("name").asText()).isEqualTo("orders");
            });
    assertThat(app.path("dependsOn").path(0).path("name").asText()).isEqualTo("orders-migration");
    assertThat(app.path("wait").asBoolean()).isTrue();
    for (JsonNode spec : List.of(migration, app)) {
      assertThat(repositoryPath(spec.path("path").asText())).isDirectory();
    }
  }

  @Test
  void theArgoApplicationPointsAtTheCompleteApp() {
    JsonNode source =
        ofKind("argoproj.io/v1alpha1", "Application")
            .findFirst()
            .orElseThrow()
            .node()
            .at("/spec/source");
    assertThat(repositoryPath(source.path("path").asText()).resolve("kustomization.yaml"))
        .isRegularFile();
  }

  // --- the Argo CD health check
  // -------------------------------------------------------------------

  static ArgoHealthCheck argoHealthCheck() {
    Manifest manifest =
        ofKind("v1", "ConfigMap")
            .filter(m -> m.name().equals("argocd-cm"))
            .findFirst()
            .orElseThrow();
    ConfigMap configMap = SERIALIZATION.unmarshal(manifest.node().toString(), ConfigMap.class);
    String script =
        configMap.getData().get("resource.customizations.health.schemagate.dev_DatabaseMigration");
    assertThat(script)
        .as("the health check key (resource.customizations.health.<group>_<kind>)")
        .isNotBlank();
    return new ArgoHealthCheck(script);
  }

  static JsonNode migrationWithStatus(long generation, String statusYaml) {
    String yaml =
        """
        apiVersion: schemagate.dev/v1alpha1
        kind: DatabaseMigration
        metadata: {name: orders, namespace: shop, generation: %d}
        spec: {image: "registry.example.com/shop/orders@sha256:%s"}
        %s
        """
            .formatted(generation, "a".repeat(64), statusYaml);
    return ExampleManifests.parse(yaml).node();
  }

  static Health health(long generation, String statusYaml) {
    Health health = argoHealthCheck().of(migrationWithStatus(generation, statusYaml));
    assertThat(ArgoHealthCheck.STATUSES).contains(health.status());
    return health;
  }

  @Test
  void argoHealthIsProgressingWithoutStatusOrConditions() {
    assertThat(health(1, "").status()).isEqualTo("Progressing");
    assertThat(health(1, "status: {}").status()).isEqualTo("Progressing");
    assertThat(health(1, "status: {conditions: []}").status()).isEqualTo("Progressing");
  }

  @Test
  void argoHealthIsProgressingWhileTheMigrationRuns() {
    Health health =
        health(
            2,
            """
            status:
              observedGeneration: 2
              phase: Running
              conditions:
                - {type: Ready, status: "False", reason: MigrationRunning, message: Job orders-1 is running, observedGeneration: 2}
                - {type: Reconciling, status: "True", reason: MigrationRunning, observedGeneration: 2}
                - {type: Stalled, status: "False", reason: MigrationRunning, observedGeneration: 2}
            """);
    assertThat(health.status()).isEqualTo("Progressing");
  }

  @Test
  void argoHealthIsHealthyWhenReady() {
    Health health =
        health(
            3,
            """
            status:
              conditions:
                - {type: Ready, status: "True", reason: MigrationSucceeded, message: migrated, observedGeneration: 3}
                - {type: Reconciling, status: "False", reason: MigrationSucceeded, observedGeneration: 3}
                - {type: Stalled, status: "False", reason: MigrationSucceeded, observedGeneration: 3}
            """);
    assertThat(health).isEqualTo(new Health("Healthy", "migrated"));
  }

  @Test
  void argoHealthIsDegradedWhenStalledWithTheOperatorsMessage() {
    Health health =
        health(
            4,
            """
            status:
              conditions:
                - {type: Ready, status: "False", reason: MigrationFailed, observedGeneration: 4}
                - {type: Reconciling, status: "False", reason: MigrationFailed, observedGeneration: 4}
                - {type: Stalled, status: "True", reason: MigrationFailed, message: "V3__add_index.sql failed (42P01)", observedGeneration: 4}
            """);
    assertThat(health).isEqualTo(new Health("Degraded", "V3__add_index.sql failed (42P01)"));
    assertThat(
            health(
                    4,
                    "status: {conditions: [{type: Stalled, status: \"True\", reason: InvalidSpec}]}")
                .message())
        .isEqualTo("InvalidSpec");
  }

  @Test
  void argoHealthIgnoresConditionsOfAnOlderGeneration() {
    // spec.image changed (generation 5); the operator has not reconciled it yet.
    String oldSuccess =
        """
        status:
          conditions:
            - {type: Ready, status: "True", reason: MigrationSucceeded, observedGeneration: 4}
        """;
    assertThat(health(5, oldSuccess).status()).isEqualTo("Progressing");
    String oldFailure =
        """
        status:
          conditions:
            - {type: Stalled, status: "True", reason: MigrationFailed, observedGeneration: 4}
        """;
    assertThat(health(5, oldFailure).status()).isEqualTo("Progressing");
  }

  @Test
  void theGateDocumentShowsTheTestedHealthCheck() throws IOException {
    Manifest manifest =
        ofKind("v1", "ConfigMap")
            .filter(m -> m.name().equals("argocd-cm"))
            .findFirst()
            .orElseThrow();
    String script =
        manifest
            .node()
            .path("data")
            .path("resource.customizations.health.schemagate.dev_DatabaseMigration")
            .asText();
    String doc = Files.readString(Path.of("..", "docs", "gate.md"));
    String indented = script.strip().indent(4);
    assertThat(doc)
        .as("docs/gate.md shows examples/argocd/argocd-cm.yaml's script")
        .contains(indented);
  }

  // --- helpers
  // ------------------------------------------------------------------------------------

  /** The example's own directory (examples/<name>) of a file below it. */
  static Path exampleDir(Path file) {
    Path relative = ExampleManifests.ROOT.relativize(file);
    return ExampleManifests.ROOT.resolve(relative.getName(0));
  }

  /** A path as GitOps tools write it, relative to the repository root. */
  static Path repositoryPath(String path) {
    return Path.of("..").resolve(path.startsWith("./") ? path.substring(2) : path).normalize();
  }
}
