package dev.schemagate.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.operator.api.Phase;
import dev.schemagate.operator.api.SchemagateConstants.Labels;
import dev.schemagate.operator.testutil.FaultInjectingDispatcher;
import dev.schemagate.operator.testutil.GateInvariants;
import dev.schemagate.operator.testutil.JobController;
import dev.schemagate.operator.testutil.MockCluster;
import dev.schemagate.operator.testutil.OperatorProcess;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged operator runs as its own process against the mock API server and is killed with
 * SIGKILL at random points while 30 migrations run (some while it starts, most while it works),
 * then started again. Meanwhile the cluster goes on: {@link JobController} finishes Jobs whether or
 * not an operator runs. In the end every run has converged with exactly one Job, and no stored
 * write ever released a Deployment before its migration Job completed ({@link GateInvariants}).
 *
 * <p>The seed is printed; {@code -Dschemagate.faults.seed=N} repeats the kill points.
 */
class OperatorCrashIT {

  static final int APPS = 30;
  static final int APPS_PER_ROUND = 4;
  static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  @TempDir Path temp;

  MockCluster cluster;
  JobController jobController;
  OperatorProcess operator;

  @BeforeAll
  static void quietMockServer() {
    FaultRuns.quietMockServer();
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    if (jobController != null) {
      jobController.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void killedAtRandomPointsEveryRunConvergesWithOneJobAndNoEarlyRelease() throws Exception {
    assertThat(OperatorProcess.JAR).as("run after 'package'").exists();
    long seed = FaultRuns.seed(OperatorCrashIT.class);
    SplittableRandom random = new SplittableRandom(seed);
    GateInvariants invariants = new GateInvariants();
    // No faults: the dispatcher only hands every stored write to the invariants.
    cluster =
        MockCluster.start(
            store -> new FaultInjectingDispatcher(store, r -> false, 0, seed, invariants));
    String namespace = cluster.newNamespace("crash");
    GatedApps apps = new GatedApps(cluster.client(), namespace);
    jobController = new JobController(cluster, OperatorCrashIT::everySixthFails, 400, seed);
    Path log = Files.createDirectories(Path.of("target", "faults")).resolve("operator-crash.log");
    Files.deleteIfExists(log);

    int created = 0;
    int kills = 0;
    int killsWhileStarting = 0;
    while (created < APPS) {
      operator = OperatorProcess.start(cluster.url(), temp, log, "operator-" + kills, JVM_FLAGS);
      boolean duringStart = random.nextInt(5) == 0;
      if (duringStart) {
        // Somewhere in JVM start, informer sync or the first reconciles.
        Thread.sleep(300 + random.nextInt(1500));
      } else {
        awaitReady(operator);
        for (int i = 0; i < APPS_PER_ROUND && created < APPS; i++, created++) {
          apps.create(created, GatedApps.image(created, 1));
        }
        // Somewhere in the reconciles those runs cause (Job creation, status, release, events).
        Thread.sleep(random.nextInt(1200));
      }
      boolean wasReady = operator.isReady();
      operator.kill();
      kills++;
      killsWhileStarting += wasReady ? 0 : 1;
      System.out.printf(
          "OperatorCrashIT: SIGKILL #%d at +%d ms (%s); %d apps created, %d Jobs created,"
              + " %d releases stored%n",
          kills,
          operator.millisSinceStart(),
          wasReady ? "ready" : "starting",
          created,
          invariants.jobsCreated(),
          invariants.unpausedWrites());
    }

    operator = OperatorProcess.start(cluster.url(), temp, log, "operator-last", JVM_FLAGS);
    awaitReady(operator);
    await("every run converged")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              for (int app = 0; app < APPS; app++) {
                Phase expected = app % 6 == 0 ? Phase.Failed : Phase.Succeeded;
                apps.assertConverged(app, GatedApps.image(app, 1), expected, 1);
              }
            });

    System.out.printf(
        "OperatorCrashIT: %d kills (%d while starting); %d Jobs created; log %s%n",
        kills, killsWhileStarting, invariants.jobsCreated(), log.toAbsolutePath());
    assertThat(invariants.violations()).isEmpty();
    assertThat(invariants.jobsCreated()).as("one Job per run").isEqualTo(APPS);
    assertThat(jobController.errors()).isEmpty();
  }

  private static void awaitReady(OperatorProcess operator) {
    await("operator ready")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> operator.isReady() || !operator.isAlive());
    assertThat(operator.isAlive()).as("operator process alive").isTrue();
  }

  private static boolean everySixthFails(Job job) {
    String app = job.getMetadata().getLabels().get(Labels.MIGRATION);
    return Integer.parseInt(app.substring("app-".length())) % 6 == 0;
  }
}
