package dev.schemagate.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.operator.api.Phase;
import dev.schemagate.operator.api.SchemagateConstants.Annotations;
import dev.schemagate.operator.api.SchemagateConstants.Labels;
import dev.schemagate.operator.runtime.SchemagateOperator;
import dev.schemagate.operator.runtime.Settings;
import dev.schemagate.operator.testutil.FaultInjectingDispatcher;
import dev.schemagate.operator.testutil.FaultInjectingDispatcher.Fault;
import dev.schemagate.operator.testutil.GateInvariants;
import dev.schemagate.operator.testutil.JobController;
import dev.schemagate.operator.testutil.MockCluster;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 50 DatabaseMigrations, each gating a Deployment, run two versions each while the API server
 * answers 10% of the operator's requests with 500 (before or after storing a write), 409, 429, or
 * slowly. Every run must end with exactly one Job, every Deployment released exactly when its
 * migration succeeded, and no write may ever leave a gated Deployment unpaused before its migration
 * Job completed ({@link GateInvariants} checks each stored write, in order).
 *
 * <p>The seed of every random choice is printed; {@code -Dschemagate.faults.seed=N} repeats a run.
 */
class ApiFaultsIT {

  static final int APPS = 50;
  static final double FAULT_RATE = 0.10;
  static final String OPERATOR_AGENT = "schemagate-operator-under-faults";

  MockCluster cluster;
  KubernetesClient operatorClient;
  SchemagateOperator operator;
  JobController jobController;

  @BeforeAll
  static void quietMockServer() {
    FaultRuns.quietMockServer();
  }

  @AfterEach
  void stop() {
    if (jobController != null) {
      jobController.close();
    }
    if (operator != null) {
      operator.stop();
    }
    if (operatorClient != null) {
      operatorClient.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void fiftyMigrationsConvergeWithOneJobPerRunAndNoEarlyRelease() {
    long seed = FaultRuns.seed(ApiFaultsIT.class);
    GateInvariants invariants = new GateInvariants();
    AtomicReference<FaultInjectingDispatcher> faults = new AtomicReference<>();
    cluster =
        MockCluster.start(
            store -> {
              faults.set(
                  new FaultInjectingDispatcher(
                      store,
                      FaultInjectingDispatcher.fromUserAgent(OPERATOR_AGENT),
                      FAULT_RATE,
                      seed,
                      invariants));
              return faults.get();
            });
    String namespace = cluster.newNamespace("faults");
    GatedApps apps = new GatedApps(cluster.client(), namespace);
    // Every fifth app's second version fails: its Deployment must stay held.
    jobController = new JobController(cluster, ApiFaultsIT::secondVersionOfEveryFifth, 300, seed);
    operatorClient = cluster.newClient(OPERATOR_AGENT);
    long started = System.nanoTime();
    operator = SchemagateOperator.start(operatorClient, Settings.forTests());

    for (int app = 0; app < APPS; app++) {
      apps.create(app, GatedApps.image(app, 1));
    }
    await("first versions")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              for (int app = 0; app < APPS; app++) {
                apps.assertConverged(app, GatedApps.image(app, 1), Phase.Succeeded, 1);
              }
            });

    for (int app = 0; app < APPS; app++) {
      apps.upgrade(app, GatedApps.image(app, 2));
    }
    await("second versions")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              for (int app = 0; app < APPS; app++) {
                Phase expected = app % 5 == 0 ? Phase.Failed : Phase.Succeeded;
                apps.assertConverged(app, GatedApps.image(app, 2), expected, 2);
              }
            });

    Map<Fault, Integer> injected = faults.get().injected();
    System.out.printf(
        "ApiFaultsIT: converged in %.1f s; %d operator requests, faults injected %s; %d Jobs"
            + " created, %d unpaused Deployment writes%n",
        (System.nanoTime() - started) / 1e9,
        faults.get().targetedRequests(),
        injected,
        invariants.jobsCreated(),
        invariants.unpausedWrites());
    assertThat(invariants.violations()).isEmpty();
    assertThat(invariants.jobsCreated()).as("one Job per run").isEqualTo(2 * APPS);
    assertThat(jobController.errors()).isEmpty();
    assertThat(injected.values())
        .as("every kind of fault was injected: %s", injected)
        .allMatch(count -> count > 0);
  }

  private static boolean secondVersionOfEveryFifth(Job job) {
    String app = job.getMetadata().getLabels().get(Labels.MIGRATION);
    int index = Integer.parseInt(app.substring("app-".length()));
    String image = job.getMetadata().getAnnotations().get(Annotations.IMAGE);
    return index % 5 == 0 && image.equals(GatedApps.image(index, 2));
  }
}
