package dev.schemagate.e2e.cluster.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemagate.e2e.cluster.TestCluster;
import dev.schemagate.e2e.stack.Manifests;
import dev.schemagate.e2e.testutil.E2e;
import dev.schemagate.operator.api.DatabaseMigration;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test cluster's API server without the product: what kubectl and the operator rely on, asked
 * the way they ask (raw HTTP for kubectl's requests), and the simulated Job controller and kubelet
 * for pods that cannot start.
 */
class ApiServerIT {

  static TestCluster cluster;
  static HttpClient http;

  @BeforeAll
  static void start() throws Exception {
    cluster =
        TestCluster.start(
            TestCluster.options(E2e.launcher(), Files.createTempDirectory("apiserver-it")));
    cluster.createNamespace("shop");
    http = HttpClient.newHttpClient();
  }

  @AfterAll
  static void stop() {
    cluster.close();
    http.close();
  }

  static HttpResponse<String> send(
      String method, String path, String contentType, String body, String accept) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(cluster.url() + path)).timeout(Duration.ofSeconds(10));
    if (accept != null) {
      request.header("Accept", accept);
    }
    if (body != null) {
      request.header("Content-Type", contentType);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode getJson(String path) throws Exception {
    HttpResponse<String> response =
        send("GET", path + "?timeout=32s", null, null, "application/json");
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return JsonTrees.parse(response.body());
  }

  @Test
  void discoveryAsKubectlReadsIt() throws Exception {
    assertThat(getJson("/api").path("versions").toString()).contains("v1");
    assertThat(getJson("/apis").path("groups").toString())
        .contains("\"name\":\"apps\"", "\"name\":\"schemagate.dev\"", "\"name\":\"batch\"");
    JsonNode schemagate = getJson("/apis/schemagate.dev/v1alpha1");
    JsonNode dbm = schemagate.path("resources").get(0);
    assertThat(dbm.path("name").asText()).isEqualTo("databasemigrations");
    assertThat(dbm.path("shortNames").toString()).contains("dbm");
    assertThat(dbm.path("verbs").toString()).contains("list", "watch", "patch");
    assertThat(schemagate.path("resources").toString()).contains("databasemigrations/status");
    assertThat(getJson("/api/v1").path("resources").toString()).contains("pods/log");
    assertThat(getJson("/openapi/v3").path("paths").has("apis/schemagate.dev/v1alpha1")).isTrue();
    assertThat(getJson("/openapi/v3/apis/apps/v1").toString()).contains("fieldValidation");
    assertThat(getJson("/version").path("major").asText()).isEqualTo("1");
  }

  @Test
  void listsAreTypedAndTablesFollowThePrinterColumns() throws Exception {
    cluster
        .client()
        .resource(Manifests.migration("shop", "tables", Manifests.image("t", '1'), "db"))
        .create();
    JsonNode list = getJson("/apis/schemagate.dev/v1alpha1/namespaces/shop/databasemigrations");
    assertThat(list.path("kind").asText()).isEqualTo("DatabaseMigrationList");
    assertThat(list.path("apiVersion").asText()).isEqualTo("schemagate.dev/v1alpha1");

    HttpResponse<String> response =
        send(
            "GET",
            "/apis/schemagate.dev/v1alpha1/namespaces/shop/databasemigrations",
            null,
            null,
            "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
    JsonNode table = JsonTrees.parse(response.body());
    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("columnDefinitions").findValuesAsText("name"))
        .containsExactly("Name", "Phase", "Image", "Ready", "Age");
    assertThat(table.path("rows").get(0).path("cells").get(0).asText()).isEqualTo("tables");
  }

  @Test
  void patchesBehaveAsOnARealApiServer() throws Exception {
    cluster
        .client()
        .resource(Manifests.migration("shop", "patched", Manifests.image("p", '1'), "db"))
        .create();
    String path = "/apis/schemagate.dev/v1alpha1/namespaces/shop/databasemigrations/patched";

    HttpResponse<String> merge =
        send(
            "PATCH",
            path,
            "application/merge-patch+json",
            "{\"spec\":{\"migrator\":{\"envFrom\":[]}}}",
            null);
    assertThat(merge.statusCode()).isEqualTo(200);
    assertThat(JsonTrees.parse(merge.body()).path("spec").path("migrator").path("envFrom"))
        .as("a merge patch replaces arrays (the mock's own merge appends)")
        .isEmpty();

    HttpResponse<String> failedTest =
        send(
            "PATCH",
            path,
            "application/json-patch+json",
            "[{\"op\":\"test\",\"path\":\"/spec/image\",\"value\":\"other\"}]",
            null);
    assertThat(failedTest.statusCode()).as("a failed test op answers, and at once").isEqualTo(422);

    HttpResponse<String> apply = send("PATCH", path, "application/apply-patch+yaml", "{}", null);
    assertThat(apply.statusCode()).isEqualTo(415);

    HttpResponse<String> dryRun =
        send(
            "PATCH",
            path + "?dryRun=All",
            "application/merge-patch+json",
            "{\"spec\":{\"image\":\"x\"}}",
            null);
    assertThat(JsonTrees.parse(dryRun.body()).path("spec").path("image").asText()).isEqualTo("x");
    assertThat(
            cluster
                .client()
                .resources(DatabaseMigration.class)
                .inNamespace("shop")
                .withName("patched")
                .get()
                .getSpec()
                .getImage())
        .as("a dry run stores nothing")
        .isEqualTo(Manifests.image("p", '1'));
  }

  @Test
  void webhookFailurePolicyDecidesWhenTheWebhookIsDown() {
    registerDeadWebhook("ignore-dead", "Ignore", "ignored");
    cluster
        .client()
        .apps()
        .deployments()
        .inNamespace("shop")
        .resource(Manifests.deployment("shop", "ignored", Manifests.image("i", '1'), "x", 1))
        .create();

    registerDeadWebhook("fail-dead", "Fail", "failing");
    assertThatThrownBy(
            () ->
                cluster
                    .client()
                    .apps()
                    .deployments()
                    .inNamespace("shop")
                    .resource(
                        Manifests.deployment("shop", "failing", Manifests.image("f", '1'), "x", 1))
                    .create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(500);
              assertThat(e.getMessage())
                  .contains("failed calling webhook \"fail-dead.example.com\"");
            });
    assertThat(
            cluster
                .systemClient()
                .apps()
                .deployments()
                .inNamespace("shop")
                .withName("failing")
                .get())
        .isNull();
    // The internal endpoint (the operator's and controllers') does not call webhooks.
    cluster
        .systemClient()
        .apps()
        .deployments()
        .inNamespace("shop")
        .resource(Manifests.deployment("shop", "failing", Manifests.image("f", '1'), "x", 1))
        .create();
  }

  private static void registerDeadWebhook(String name, String policy, String app) {
    cluster
        .systemClient()
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .resource(
            new MutatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addNewWebhook()
                .withName(name + ".example.com")
                .withFailurePolicy(policy)
                .withTimeoutSeconds(2)
                .withNewObjectSelector()
                .addToMatchLabels("app", app)
                .endObjectSelector()
                .addNewRule()
                .withApiGroups("apps")
                .withApiVersions("v1")
                .withOperations("CREATE")
                .withResources("deployments")
                .endRule()
                .withNewClientConfig()
                .withUrl("https://127.0.0.1:1/dead")
                .endClientConfig()
                .endWebhook()
                .build())
        .create();
  }

  @Test
  void watchesStreamOverHttpFromTheRequestedVersion() throws Exception {
    cluster
        .client()
        .configMaps()
        .inNamespace("shop")
        .resource(
            new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata()
                .withName("before")
                .endMetadata()
                .build())
        .create();
    String version =
        getJson("/api/v1/namespaces/shop/configmaps")
            .path("metadata")
            .path("resourceVersion")
            .asText();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    cluster.url()
                        + "/api/v1/namespaces/shop/configmaps?watch=true&resourceVersion="
                        + version))
            .build();
    HttpResponse<InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader events =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      cluster
          .client()
          .configMaps()
          .inNamespace("shop")
          .resource(
              new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("after")
                  .endMetadata()
                  .build())
          .create();
      JsonNode event = JsonTrees.parse(events.readLine());
      assertThat(event.path("type").asText()).isEqualTo("ADDED");
      assertThat(event.path("object").path("metadata").path("name").asText())
          .as("objects older than the requested version are not replayed")
          .isEqualTo("after");
    }
  }

  @Test
  void podsThatCannotStartLookAsOnAKubelet() {
    Job unknownImage = job("unknown-image", Manifests.image("nowhere", '9'), List.of());
    cluster.client().resource(unknownImage).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(waitingReason("unknown-image")).isEqualTo("ErrImagePull"));

    String known = Manifests.image("known", '1');
    cluster.images().register(known, java.nio.file.Path.of("."));
    cluster.client().resource(job("not-migrator", known, List.of("/bin/sh"))).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Job job =
                  cluster
                      .systemClient()
                      .batch()
                      .v1()
                      .jobs()
                      .inNamespace("shop")
                      .withName("not-migrator")
                      .get();
              return job.getStatus() != null
                  && job.getStatus().getConditions() != null
                  && job.getStatus().getConditions().stream()
                      .anyMatch(
                          c ->
                              c.getType().equals("Failed")
                                  && "BackoffLimitExceeded".equals(c.getReason()));
            });
    Pod pod = pods("not-migrator").getFirst();
    var terminated = pod.getStatus().getContainerStatuses().getFirst().getState().getTerminated();
    assertThat(terminated.getExitCode()).isEqualTo(128);
    assertThat(terminated.getReason()).isEqualTo("StartError");

    Job missingSecret = job("missing-secret", known, List.of());
    missingSecret
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .getFirst()
        .setEnvFrom(
            List.of(
                new io.fabric8.kubernetes.api.model.EnvFromSourceBuilder()
                    .withNewSecretRef("gone", false)
                    .build()));
    cluster.client().resource(missingSecret).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(waitingReason("missing-secret"))
                    .isEqualTo("CreateContainerConfigError"));
  }

  @Test
  void scaleSubresourceForKubectlScale() throws Exception {
    cluster
        .systemClient()
        .apps()
        .deployments()
        .inNamespace("shop")
        .resource(Manifests.deployment("shop", "scaled", Manifests.image("s", '1'), "x", 1))
        .create();
    String path = "/apis/apps/v1/namespaces/shop/deployments/scaled/scale";
    JsonNode scale = getJson(path);
    assertThat(scale.path("kind").asText()).isEqualTo("Scale");
    assertThat(scale.path("spec").path("replicas").asInt()).isEqualTo(1);
    HttpResponse<String> patched =
        send("PATCH", path, "application/merge-patch+json", "{\"spec\":{\"replicas\":3}}", null);
    assertThat(JsonTrees.parse(patched.body()).path("spec").path("replicas").asInt()).isEqualTo(3);
    assertThat(
            cluster
                .systemClient()
                .apps()
                .deployments()
                .inNamespace("shop")
                .withName("scaled")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(3);
  }

  private static String waitingReason(String job) {
    List<Pod> pods = pods(job);
    if (pods.isEmpty()
        || pods.getFirst().getStatus().getContainerStatuses() == null
        || pods.getFirst().getStatus().getContainerStatuses().isEmpty()) {
      return null;
    }
    var waiting =
        pods.getFirst().getStatus().getContainerStatuses().getFirst().getState().getWaiting();
    return waiting == null ? null : waiting.getReason();
  }

  private static List<Pod> pods(String job) {
    return cluster
        .systemClient()
        .pods()
        .inNamespace("shop")
        .withLabel("batch.kubernetes.io/job-name", job)
        .list()
        .getItems();
  }

  private static Job job(String name, String image, List<String> command) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("shop")
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(0)
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("migrate")
        .withImage(image)
        .withCommand(command)
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
