package dev.schemagate.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.DatabaseMigrationStatus;
import dev.schemagate.operator.api.DeploymentGateStatus;
import dev.schemagate.operator.api.Phase;
import dev.schemagate.operator.api.SchemagateConstants.Annotations;
import dev.schemagate.operator.api.SchemagateConstants.Labels;
import dev.schemagate.operator.testutil.Fixtures;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The apps of the fault tests: app {@code i} is a DatabaseMigration and a Deployment gated by it,
 * both named {@code app-<i>}, in one namespace. Deployments are written the way the admission
 * webhook stores a write of a not yet migrated image: paused, with the hold markers.
 */
final class GatedApps {

  private final KubernetesClient client;
  private final String namespace;

  GatedApps(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  static String name(int app) {
    return String.format("app-%02d", app);
  }

  /** The image of version {@code version} (1-9) of app {@code app}. */
  static String image(int app, int version) {
    return Fixtures.image(name(app), Character.forDigit(version, 10));
  }

  /** The DatabaseMigration for {@code image} and its Deployment, held for that image. */
  void create(int app, String image) {
    client.resource(heldDeployment(app, image)).create();
    client.resource(Fixtures.newMigration(namespace, name(app), image)).create();
  }

  /**
   * A new version: the Deployment's update (held, as admitted), then the migration's image. Like
   * {@code kubectl apply}, each starts over when the operator wrote in between (409).
   */
  void upgrade(int app, String image) {
    retryOnConflict(
        () ->
            client
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName(name(app))
                .edit(
                    d -> {
                      d.getSpec()
                          .getTemplate()
                          .getSpec()
                          .getContainers()
                          .getFirst()
                          .setImage(image);
                      d.getSpec().setPaused(true);
                      d.getMetadata().getAnnotations().put(Annotations.HELD_FOR, image);
                      d.getMetadata().getAnnotations().putIfAbsent(Annotations.HELD_SINCE, now());
                      return d;
                    }));
    retryOnConflict(
        () ->
            client
                .resources(DatabaseMigration.class)
                .inNamespace(namespace)
                .withName(name(app))
                .edit(
                    m -> {
                      m.getSpec().setImage(image);
                      return m;
                    }));
  }

  private static void retryOnConflict(Runnable write) {
    for (int attempt = 1; ; attempt++) {
      try {
        write.run();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == 10) {
          throw e;
        }
      }
    }
  }

  private Deployment heldDeployment(int app, String image) {
    String name = name(app);
    // As the admission webhook stores it: paused, and annotated with what it is held for.
    return new DeploymentBuilder(Fixtures.gatedDeployment(namespace, name, image))
        .editMetadata()
        .addToAnnotations(Annotations.HELD_FOR, image)
        .addToAnnotations(Annotations.HELD_SINCE, now())
        .endMetadata()
        .editSpec()
        .withPaused(true)
        .withReplicas(1)
        .endSpec()
        .build();
  }

  /**
   * Asserts that app {@code app} has converged: its migration's status describes a finished run of
   * {@code image} with {@code phase} for the current generation, every run was reported (Job
   * annotation), it has {@code jobs} Jobs, and its Deployment is released (Succeeded) or still held
   * (Failed) at that image.
   */
  void assertConverged(int app, String image, Phase phase, int jobs) {
    String name = name(app);
    DatabaseMigration migration =
        client.resources(DatabaseMigration.class).inNamespace(namespace).withName(name).get();
    DatabaseMigrationStatus status = migration.getStatus();
    assertThat(status).as("%s status", name).isNotNull();
    assertThat(status.getObservedGeneration())
        .as("%s observedGeneration", name)
        .isEqualTo(migration.getMetadata().getGeneration());
    assertThat(status.getImage()).as("%s status.image", name).isEqualTo(image);
    assertThat(status.getPhase()).as("%s phase", name).isEqualTo(phase);

    List<Job> owned = jobsOf(name);
    assertThat(owned).as("%s Jobs", name).hasSize(jobs);
    for (Job job : owned) {
      assertThat(job.getMetadata().getAnnotations())
          .as("%s reported", job.getMetadata().getName())
          .containsKey(Annotations.RECORDED_OUTCOME);
    }

    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    Map<String, String> annotations = deployment.getMetadata().getAnnotations();
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
        .isEqualTo(image);
    List<DeploymentGateStatus> gate = status.getDeployments();
    assertThat(gate).as("%s status.deployments", name).hasSize(1);
    if (phase == Phase.Succeeded) {
      assertThat(deployment.getSpec().getPaused()).as("%s paused", name).isNull();
      assertThat(annotations == null ? Map.<String, String>of() : annotations)
          .doesNotContainKeys(Annotations.HELD_FOR, Annotations.HELD_SINCE);
      assertThat(gate.getFirst().getState()).isEqualTo(DeploymentGateStatus.State.Released);
    } else {
      assertThat(deployment.getSpec().getPaused()).as("%s paused", name).isTrue();
      assertThat(annotations).containsEntry(Annotations.HELD_FOR, image);
      assertThat(gate.getFirst().getState()).isEqualTo(DeploymentGateStatus.State.Held);
    }
  }

  List<Job> jobsOf(String name) {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(namespace)
        .withLabel(Labels.MIGRATION, name)
        .list()
        .getItems();
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
