package dev.schemagate.operator.controller;

import static dev.schemagate.operator.testutil.Fixtures.gatedDeployment;
import static dev.schemagate.operator.testutil.Fixtures.image;
import static dev.schemagate.operator.testutil.Fixtures.newMigration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.DatabaseMigrationStatus;
import dev.schemagate.operator.api.DeploymentGateStatus;
import dev.schemagate.operator.api.DeploymentGateStatus.State;
import dev.schemagate.operator.api.Phase;
import dev.schemagate.operator.api.SchemagateConstants.Annotations;
import dev.schemagate.operator.api.SchemagateConstants.Labels;
import dev.schemagate.operator.runtime.SchemagateOperator;
import dev.schemagate.operator.runtime.Settings;
import dev.schemagate.operator.testutil.ApiServerAdmission;
import dev.schemagate.operator.testutil.ClusterSimulator;
import dev.schemagate.operator.testutil.JobStates;
import dev.schemagate.operator.testutil.MockCluster;
import dev.schemagate.operator.testutil.RolloutRecorder;
import dev.schemagate.operator.webhook.WebhookSettings;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rollout gate end to end against the mock API server: the running operator serves its webhook
 * over HTTPS, the test passes Deployment writes through it as an API server would ({@link
 * ApiServerAdmission}), and {@link RolloutRecorder} plays the Deployment controller.
 */
class RolloutGateIT {

  static final String V1 = image("orders", '1');
  static final String V2 = image("orders", '2');

  static MockCluster cluster;
  static SchemagateOperator operator;
  static ClusterSimulator kubelet;
  static ApiServerAdmission apiServer;

  String namespace;
  RolloutRecorder deploymentController;

  @BeforeAll
  static void startOperator() throws IOException {
    Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
    Awaitility.setDefaultPollInterval(Duration.ofMillis(100));
    cluster = MockCluster.start();
    kubelet = new ClusterSimulator(cluster);
    int port = freePort();
    // Outside a cluster (URL mode) the operator creates and owns the webhook configuration.
    WebhookSettings webhook =
        WebhookSettings.defaults("schemagate-system")
            .withUrl(URI.create("https://127.0.0.1:" + port))
            .withPort(port);
    operator = SchemagateOperator.start(cluster.client(), Settings.forTests().withWebhook(webhook));
    apiServer = new ApiServerAdmission(cluster.client(), webhook.configurationName());
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.stop();
    }
    cluster.close();
  }

  @BeforeEach
  void newNamespace() {
    namespace = cluster.newNamespace("gate");
    deploymentController = new RolloutRecorder(cluster.client(), namespace);
  }

  @AfterEach
  void stopRecorder() {
    deploymentController.close();
  }

  @Test
  void completingTheJobReleasesTheHeldDeployment() {
    cluster.create(newMigration(namespace, "orders", V2));
    Job job = awaitJob(V2);

    Deployment stored = apiServer.create(deployment(V2));

    assertHeldBySchemagate(stored, V2);
    awaitGate(gate -> assertThat(gate).containsExactly(new Entry("orders", V2, State.Held)));
    assertThat(awaitEvent("RolloutHeld", "DatabaseMigration").getType()).isEqualTo("Normal");
    await().until(() -> deploymentController.hasSeen(stored));
    assertThat(deploymentController.rollouts("orders")).isEmpty();

    Pod pod = kubelet.startPod(job);
    kubelet.complete(job, pod);

    await().untilAsserted(() -> assertReleased(deploymentNow()));
    awaitGate(gate -> assertThat(gate).containsExactly(new Entry("orders", V2, State.Released)));
    awaitEvent("RolloutReleased", "DatabaseMigration");
    Event onDeployment = awaitEvent("RolloutReleased", "Deployment");
    assertThat(onDeployment.getInvolvedObject().getName()).isEqualTo("orders");
    await()
        .untilAsserted(
            () -> assertThat(deploymentController.rollouts("orders")).containsExactly(V2));
    assertThat(operator.meterRegistry().scrape())
        .containsPattern("schemagate_rollout_held_seconds_count [1-9]")
        .contains("schemagate_rollout_held_seconds_bucket");
  }

  @Test
  void aFailedMigrationKeepsThePreviousRolloutAndARollbackPassesAtOnce() {
    cluster.create(newMigration(namespace, "orders", V1));
    succeed(awaitJob(V1));
    awaitPhase(Phase.Succeeded);
    Deployment first = apiServer.create(deployment(V1));
    assertThat(first.getSpec().getPaused()).isNull();
    await()
        .untilAsserted(
            () -> assertThat(deploymentController.rollouts("orders")).containsExactly(V1));

    // A new version: its migration runs while the Deployment update is held.
    cluster
        .client()
        .resources(DatabaseMigration.class)
        .inNamespace(namespace)
        .withName("orders")
        .edit(
            m -> {
              m.getSpec().setImage(V2);
              return m;
            });
    Job second = awaitJob(V2);
    Deployment held = apiServer.update(namespace, "orders", d -> withImage(d, V2));
    assertHeldBySchemagate(held, V2);

    Pod pod = kubelet.startPod(second);
    kubelet.fail(
        second, pod, JobStates.failedResult("2", "V2__break.sql", "42P01", "no such table"));
    awaitPhase(Phase.Failed);
    awaitRecorded(second, "Failed"); // the reconcile that saw the failure has acted

    Deployment stillHeld = deploymentNow();
    assertHeldBySchemagate(stillHeld, V2);
    assertThat(stillHeld.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
        .isEqualTo(V2);
    await().until(() -> deploymentController.hasSeen(stillHeld));
    assertThat(deploymentController.rollouts("orders"))
        .as("the pods still run the previous rollout")
        .containsExactly(V1);
    awaitGate(gate -> assertThat(gate).containsExactly(new Entry("orders", V2, State.Held)));

    // Rolling back to the migrated image is released by the webhook in the same request.
    Deployment rolledBack = apiServer.update(namespace, "orders", d -> withImage(d, V1));

    assertReleased(rolledBack);
    awaitGate(gate -> assertThat(gate).containsExactly(new Entry("orders", V1, State.Released)));
    await().until(() -> deploymentController.hasSeen(rolledBack));
    assertThat(deploymentController.rollouts("orders"))
        .as("back on the template it already runs: nothing to roll out")
        .containsExactly(V1);
  }

  @Test
  void aUsersOwnPauseStaysWhenTheMigrationSucceeds() {
    cluster.create(newMigration(namespace, "orders", V1));
    Job job = awaitJob(V1);
    Deployment paused =
        new DeploymentBuilder(deployment(V1)).editSpec().withPaused(true).endSpec().build();

    Deployment stored = apiServer.create(paused);
    assertThat(stored.getSpec().getPaused()).isTrue();
    assertThat(stored.getMetadata().getAnnotations()).isNullOrEmpty();

    succeed(job);
    awaitRecorded(job, "Succeeded");
    awaitGate(gate -> assertThat(gate).containsExactly(new Entry("orders", V1, State.Released)));

    assertThat(deploymentNow().getSpec().getPaused()).isTrue();
    assertThat(deploymentNow().getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  void removingTheLabelReleasesTheHold() {
    cluster.create(newMigration(namespace, "orders", V2));
    apiServer.create(deployment(V2));
    awaitGate(gate -> assertThat(gate).containsExactly(new Entry("orders", V2, State.Held)));

    Deployment unlabelled =
        apiServer.update(
            namespace,
            "orders",
            d -> {
              d.getMetadata().getLabels().remove(Labels.MIGRATION);
              return d;
            });

    assertReleased(unlabelled);
    await().untilAsserted(() -> assertThat(migration().getStatus().getDeployments()).isNull());
    awaitEvent("RolloutReleased", "DatabaseMigration");
  }

  @Test
  void theBackstopHoldsWhatTheWebhookDidNotSeeAndReleasesItLater() {
    cluster.create(newMigration(namespace, "orders", V2));
    Job job = awaitJob(V2);

    // Written straight to the API server: the webhook never saw it (disabled, or failurePolicy
    // Ignore while the operator was down).
    cluster.client().resource(deployment(V2)).create();

    await().untilAsserted(() -> assertHeldBySchemagate(deploymentNow(), V2));
    awaitGate(gate -> assertThat(gate).containsExactly(new Entry("orders", V2, State.Held)));
    assertThat(awaitEvent("RolloutHeld", "DatabaseMigration").getType()).isEqualTo("Warning");
    await()
        .untilAsserted(
            () ->
                assertThat(deploymentController.rollouts("orders"))
                    .as("best effort: the rollout had started before the hold")
                    .containsExactly(V2));

    succeed(job);

    await().untilAsserted(() -> assertReleased(deploymentNow()));
    awaitGate(gate -> assertThat(gate).containsExactly(new Entry("orders", V2, State.Released)));
  }

  @Test
  void theBackstopReleasesAHoldWhoseLabelWasRemovedBehindTheWebhooksBack() {
    cluster.create(newMigration(namespace, "orders", V2));
    apiServer.create(deployment(V2));
    awaitGate(gate -> assertThat(gate).containsExactly(new Entry("orders", V2, State.Held)));

    cluster
        .client()
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName("orders")
        .edit(
            d -> {
              d.getMetadata().getLabels().remove(Labels.MIGRATION);
              return d;
            });

    await().untilAsserted(() -> assertReleased(deploymentNow()));
    await().untilAsserted(() -> assertThat(migration().getStatus().getDeployments()).isNull());
  }

  @Test
  void aDeploymentNamingAMissingMigrationIsHeldWithAWarningOnIt() {
    Deployment stored = apiServer.create(deployment(V1));

    assertHeldBySchemagate(stored, V1);
    Event warning = awaitEvent("DatabaseMigrationNotFound", "Deployment");
    assertThat(warning.getType()).isEqualTo("Warning");
    assertThat(warning.getMessage()).contains("\"orders\" not found");
  }

  @Test
  void theWebhookServesTheRegisteredUrlAndIsPartOfReadiness() {
    assertThat(operator.webhookPort()).isPositive();
    assertThat(operator.isReady()).isTrue();
    assertThat(
            cluster
                .client()
                .admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .withName("schemagate")
                .get()
                .getMetadata()
                .getLabels())
        .as("outside a cluster the operator owns the configuration")
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
  }

  // --- helpers ---

  record Entry(String name, String image, State state) {}

  private Deployment deployment(String image) {
    return gatedDeployment(namespace, "orders", image);
  }

  private static Deployment withImage(Deployment deployment, String image) {
    deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage(image);
    return deployment;
  }

  private Deployment deploymentNow() {
    return cluster.client().apps().deployments().inNamespace(namespace).withName("orders").get();
  }

  private DatabaseMigration migration() {
    return cluster.migration(namespace, "orders");
  }

  private static void assertHeldBySchemagate(Deployment deployment, String image) {
    assertThat(deployment.getSpec().getPaused()).isTrue();
    assertThat(deployment.getMetadata().getAnnotations())
        .containsEntry(Annotations.HELD_FOR, image)
        .containsKey(Annotations.HELD_SINCE);
  }

  private static void assertReleased(Deployment deployment) {
    assertThat(deployment.getSpec().getPaused()).isNull();
    Map<String, String> annotations = deployment.getMetadata().getAnnotations();
    assertThat(annotations == null ? Map.<String, String>of() : annotations)
        .doesNotContainKeys(Annotations.HELD_FOR, Annotations.HELD_SINCE);
  }

  private Job awaitJob(String image) {
    return await()
        .until(
            () ->
                cluster.jobs(namespace).stream()
                    .filter(
                        j -> image.equals(j.getMetadata().getAnnotations().get(Annotations.IMAGE)))
                    .findFirst(),
            java.util.Optional::isPresent)
        .orElseThrow();
  }

  private void succeed(Job job) {
    kubelet.complete(job, kubelet.startPod(job));
  }

  private void awaitPhase(Phase phase) {
    await()
        .untilAsserted(
            () -> {
              DatabaseMigrationStatus status = migration().getStatus();
              assertThat(status).isNotNull();
              assertThat(status.getPhase()).isEqualTo(phase);
            });
  }

  private void awaitRecorded(Job job, String outcome) {
    await()
        .untilAsserted(
            () ->
                assertThat(
                        cluster
                            .client()
                            .batch()
                            .v1()
                            .jobs()
                            .inNamespace(namespace)
                            .withName(job.getMetadata().getName())
                            .get()
                            .getMetadata()
                            .getAnnotations())
                    .containsEntry(Annotations.RECORDED_OUTCOME, outcome));
  }

  private void awaitGate(Consumer<List<Entry>> assertion) {
    await()
        .untilAsserted(
            () -> {
              DatabaseMigrationStatus status = migration().getStatus();
              assertThat(status).isNotNull();
              List<DeploymentGateStatus> gate = status.getDeployments();
              assertion.accept(
                  gate == null
                      ? List.of()
                      : gate.stream()
                          .map(d -> new Entry(d.getName(), d.getImage(), d.getState()))
                          .toList());
            });
  }

  private Event awaitEvent(String reason, String kind) {
    return await()
        .until(
            () ->
                cluster.events(namespace, reason).stream()
                    .filter(e -> kind.equals(e.getInvolvedObject().getKind()))
                    .findFirst(),
            java.util.Optional::isPresent)
        .orElseThrow();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
