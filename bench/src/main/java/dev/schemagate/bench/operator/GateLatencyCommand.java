package dev.schemagate.bench.operator;

import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.Phase;
import dev.schemagate.operator.runtime.SchemagateOperator;
import dev.schemagate.operator.runtime.Settings;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The operator's reaction times, with the real operator in this JVM against the mock API server:
 *
 * <ol>
 *   <li><b>job-create</b>: from sending the DatabaseMigration's create until a watcher sees its
 *       Job;
 *   <li><b>release</b>: from sending the Job controller's "Complete" status write until a watcher
 *       sees the gated Deployment unpaused.
 * </ol>
 *
 * Both ends are client-side instants ({@link System#nanoTime()} right before the request, and first
 * thing in the watch callback), so each figure includes the API server's handling of the write and
 * one watch delivery on each side. Runs go one at a time: before each timed step the operator is
 * idle (JOSDK's metrics), and each run's objects are deleted afterwards, so the mock's store (which
 * scans all objects per request) stays the same size.
 */
@Command(
    name = "gate-latency",
    mixinStandardHelpOptions = true,
    description = {
      "Operator reaction times against the mock API server, operator in this JVM: DatabaseMigration"
          + " created -> its Job exists, and Job completed -> gated Deployment unpaused;"
          + " p50/p90/p99/max over --runs runs (goal: p50 <= 50 ms, p99 <= 250 ms)."
    })
public final class GateLatencyCommand implements Callable<Integer> {

  static final double P50_GOAL_MS = 50;
  static final double P99_GOAL_MS = 250;
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
  private static final String NAMESPACE = "gate-latency";

  @Option(
      names = "--runs",
      defaultValue = "200",
      description = "Timed runs (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--warmups",
      defaultValue = "20",
      description = "Untimed runs first, to warm up both JVM sides (default: ${DEFAULT-VALUE}).")
  int warmups;

  @Option(
      names = "--results-dir",
      description = "Where to save the report and the operator's log (default: bench/results).")
  Path resultsDir;

  private record Sample(double jobCreateMs, double releaseMs, double completionSeenMs) {}

  @Override
  public Integer call() throws Exception {
    if (runs < 1 || warmups < 0) {
      System.err.println("--runs must be at least 1, --warmups at least 0");
      return 2;
    }
    Path results = BenchEnvironment.resultsDirectory(resultsDir);
    String stamp = BenchEnvironment.stamp();
    Path log = results.resolve("operator-gate-latency-" + stamp + ".log");
    BenchLogging.toFile(log);

    List<String> report = new ArrayList<>();
    report.add(
        String.format(
            Locale.ROOT,
            "Gate latency: real operator in this JVM (webhook off, no leader election), Fabric8"
                + " mock API server (CRUD) on loopback; %d timed runs after %d warm-up, one at a"
                + " time",
            runs,
            warmups));
    report.addAll(BenchEnvironment.describe());
    report.forEach(System.out::println);
    System.out.println("Operator log: " + log);

    List<Sample> samples = new ArrayList<>();
    String mockStats;
    String reconciles;
    try (MockApiServer api = MockApiServer.start();
        NamespacedKubernetesClient operatorClient = api.newClient("schemagate-operator")) {
      api.createNamespace(NAMESPACE);
      SchemagateOperator operator = SchemagateOperator.start(operatorClient, Settings.forTests());
      try (ApiEvents events = new ApiEvents(api.client())) {
        OperatorIdle idle = new OperatorIdle(operator.meterRegistry());
        idle.await(STEP_TIMEOUT);
        TimedDispatcher.Snapshot before = null;
        for (int i = 0; i < warmups + runs; i++) {
          if (i == warmups) {
            before = api.timing().snapshot();
          }
          Sample sample = oneRun(api.client(), events, idle, i);
          if (i >= warmups) {
            samples.add(sample);
          }
          if ((i + 1) % 50 == 0 || i + 1 == warmups + runs) {
            System.out.printf(
                Locale.ROOT,
                "run %d/%d: job-create %.1f ms, release %.1f ms%n",
                i + 1,
                warmups + runs,
                sample.jobCreateMs(),
                sample.releaseMs());
          }
        }
        TimedDispatcher.Snapshot after = api.timing().snapshot();
        mockStats = after.describeSince(before) + "\n  requests: " + after.kindsSince(before);
        reconciles = idle.reconcileSummary();
      } finally {
        operator.stop();
      }
    }

    Latencies jobCreate = Latencies.ofMillis(samples.stream().map(Sample::jobCreateMs).toList());
    Latencies release = Latencies.ofMillis(samples.stream().map(Sample::releaseMs).toList());
    Latencies completionSeen =
        Latencies.ofMillis(samples.stream().map(Sample::completionSeenMs).toList());
    report.add("");
    report.add("DatabaseMigration created -> its Job seen by a watcher:");
    report.add("  " + jobCreate.describe());
    report.add("  " + jobCreate.against(P50_GOAL_MS, P99_GOAL_MS));
    report.add("Job completion written -> gated Deployment seen unpaused by a watcher:");
    report.add("  " + release.describe());
    report.add("  " + release.against(P50_GOAL_MS, P99_GOAL_MS));
    report.add("  of which the API server alone (Job completion written -> seen by a watcher):");
    report.add("  " + completionSeen.describe());
    report.add("Timed part: " + mockStats);
    report.add("Operator (whole run, warm-up included): " + reconciles);
    report.add("Load average after: " + BenchEnvironment.loadAverage());
    System.out.println();
    report.subList(report.indexOf(""), report.size()).forEach(System.out::println);
    Path file = results.resolve("operator-gate-latency-" + stamp + ".txt");
    Files.write(file, report);
    System.out.println("\nSaved to " + file);
    return jobCreate.percentile(50) <= P50_GOAL_MS
            && jobCreate.percentile(99) <= P99_GOAL_MS
            && release.percentile(50) <= P50_GOAL_MS
            && release.percentile(99) <= P99_GOAL_MS
        ? 0
        : 1;
  }

  /** One DatabaseMigration through its whole life: held Deployment, Job, run, release, cleanup. */
  private static Sample oneRun(KubernetesClient client, ApiEvents events, OperatorIdle idle, int i)
      throws Exception {
    String name = String.format(Locale.ROOT, "app-%04d", i);
    String image = Workload.image("gate-latency-" + i);
    ClusterWrites cluster = new ClusterWrites(client);

    // The user's Deployment, held by the webhook for an image not yet migrated.
    client.resource(Workload.heldDeployment(NAMESPACE, name, image)).create();
    idle.await(STEP_TIMEOUT);

    CompletableFuture<Long> jobSeen = events.jobCreated(NAMESPACE, name);
    long createSent = System.nanoTime();
    client.resource(Workload.migration(NAMESPACE, name, image)).create();
    long jobCreated = await(jobSeen);

    Job job = events.job(NAMESPACE, name);
    Instant start = Workload.now();
    Pod pod = cluster.start(job, start);
    await(events.phase(NAMESPACE, name, Phase.Running));
    idle.await(STEP_TIMEOUT);
    cluster.podSucceeded(pod);
    idle.await(STEP_TIMEOUT);

    CompletableFuture<Long> released = events.released(NAMESPACE, name);
    CompletableFuture<Long> completionSeen = events.jobCompleted(NAMESPACE, name);
    long completeSent = System.nanoTime();
    cluster.complete(job, start, Workload.now());
    long releasedAt = await(released);
    long completionSeenAt = await(completionSeen);
    idle.await(STEP_TIMEOUT);

    cleanUp(client, name, job, pod);
    events.forget(NAMESPACE, name);
    idle.await(STEP_TIMEOUT);
    return new Sample(
        (jobCreated - createSent) / 1e6,
        (releasedAt - completeSent) / 1e6,
        (completionSeenAt - completeSent) / 1e6);
  }

  /** Deletes the run's objects (the mock has no garbage collector), outside the clock. */
  private static void cleanUp(KubernetesClient client, String name, Job job, Pod pod) {
    client.resources(DatabaseMigration.class).inNamespace(NAMESPACE).withName(name).delete();
    client.apps().deployments().inNamespace(NAMESPACE).withName(name).delete();
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NAMESPACE)
        .withName(job.getMetadata().getName())
        .delete();
    client.pods().inNamespace(NAMESPACE).withName(pod.getMetadata().getName()).delete();
    client.v1().events().inNamespace(NAMESPACE).delete();
  }

  private static long await(CompletableFuture<Long> event) throws Exception {
    return event.get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
