package dev.schemagate.bench.operator;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The steps of the scale benchmark against the mock API server: seed Deployments, create the
 * DatabaseMigrations (before or while the operator runs), complete every Job; each timed with
 * client-side clocks and watches ({@link ApiEvents}), each reporting who used the machine ({@link
 * Usage}). App {@code i} is the DatabaseMigration and gated Deployment {@code app-<i>} in namespace
 * {@code scale-<i mod namespaces>}.
 */
final class ScalePhases {

  private final MockApiServer api;
  private final ApiEvents events;
  private final ExecutorService pool;
  private final int migrations;
  private final int namespaces;
  private final Duration timeout;
  private final Consumer<String> say;

  ScalePhases(
      MockApiServer api,
      ApiEvents events,
      ExecutorService pool,
      int migrations,
      int namespaces,
      Duration timeout,
      Consumer<String> say) {
    this.api = api;
    this.events = events;
    this.pool = pool;
    this.migrations = migrations;
    this.namespaces = namespaces;
    this.timeout = timeout;
    this.say = say;
  }

  /** Namespaces, then the ungated and the gated (held) Deployments. */
  void seed(int ungated) throws Exception {
    KubernetesClient client = api.client();
    for (int n = 0; n < namespaces; n++) {
      api.createNamespace(namespace(n));
    }
    TimedDispatcher.Snapshot before = api.timing().snapshot();
    long nanos =
        parallel(
            ungated + migrations,
            i -> {
              if (i < ungated) {
                String name = String.format(Locale.ROOT, "web-%05d", i);
                client
                    .resource(
                        Workload.ungatedDeployment(namespace(i), name, Workload.image("web-" + i)))
                    .create();
              } else {
                int app = i - ungated;
                client
                    .resource(Workload.heldDeployment(namespace(app), app(app), image(app)))
                    .create();
              }
            });
    say.accept(
        String.format(
            Locale.ROOT,
            "Seeded %d Deployments in %.1f s (%.0f creates/s); %s",
            ungated + migrations,
            nanos / 1e9,
            (ungated + migrations) / (nanos / 1e9),
            api.timing().snapshot().describeSince(before)));
    say.accept(
        "Mock API server threads running its dispatcher: " + api.timing().dispatchingThreads());
  }

  /** Futures for every app's Job; ask before the Jobs can appear. */
  List<CompletableFuture<Long>> jobFutures() {
    List<CompletableFuture<Long>> jobs = new ArrayList<>();
    for (int app = 0; app < migrations; app++) {
      jobs.add(events.jobCreated(namespace(app), app(app)));
    }
    return jobs;
  }

  /** Every DatabaseMigration, created while no operator runs (backlog). */
  void createBeforeStart() throws Exception {
    TimedDispatcher.Snapshot before = api.timing().snapshot();
    long nanos = parallel(migrations, this::createMigration);
    say.accept(
        String.format(
            Locale.ROOT,
            "Created %d DatabaseMigrations before the operator starts in %.1f s; %s",
            migrations,
            nanos / 1e9,
            api.timing().snapshot().describeSince(before)));
  }

  /** Backlog: seconds from the operator's start until every Job was seen. */
  double awaitBacklogJobs(
      List<CompletableFuture<Long>> jobs, Usage atStart, long readyNanos, OperatorJvm operator)
      throws Exception {
    long last = awaitAll(jobs);
    double seconds = (last - atStart.wallNanos()) / 1e9;
    say.accept(
        String.format(
            Locale.ROOT,
            "Phase 1 (backlog): every Job seen %.1f s after the operator's start (%.1f s after it"
                + " was ready)",
            seconds,
            seconds - readyNanos / 1e9));
    say.accept("  " + Usage.now(api, operator).describeSince(atStart));
    return seconds;
  }

  /** Burst: every DatabaseMigration created at once; seconds until every Job was seen. */
  double createWhileRunning(List<CompletableFuture<Long>> jobs, OperatorJvm operator)
      throws Exception {
    long[] sent = new long[migrations];
    Usage before = Usage.now(api, operator);
    long createNanos =
        parallel(
            migrations,
            app -> {
              sent[app] = System.nanoTime();
              createMigration(app);
            });
    long last = awaitAll(jobs);
    double seconds = (last - before.wallNanos()) / 1e9;
    say.accept(
        String.format(
            Locale.ROOT,
            "Phase 1: %d DatabaseMigrations created in %.1f s; every Job seen %.1f s after the first"
                + " create",
            migrations,
            createNanos / 1e9,
            seconds));
    say.accept(
        "  each DatabaseMigration, create sent -> its Job seen: "
            + Latencies.ofMillis(since(sent, jobs)).describe());
    say.accept("  " + Usage.now(api, operator).describeSince(before));
    return seconds;
  }

  /** Every Job completes at once; time until every gated Deployment was seen released. */
  void completeAll(OperatorJvm operator) throws Exception {
    ClusterWrites cluster = new ClusterWrites(api.client());
    List<CompletableFuture<Long>> released = new ArrayList<>();
    for (int app = 0; app < migrations; app++) {
      released.add(events.released(namespace(app), app(app)));
    }
    long[] sent = new long[migrations];
    Usage before = Usage.now(api, operator);
    Instant began = Workload.now();
    long writeNanos =
        parallel(
            migrations,
            app -> {
              Job job = events.job(namespace(app), app(app));
              sent[app] = System.nanoTime();
              cluster.complete(job, began, Workload.now());
            });
    long last = awaitAll(released);
    say.accept(
        String.format(
            Locale.ROOT,
            "Phase 2: %d Jobs completed in %.1f s; every gated Deployment released %.1f s after the"
                + " first completion",
            migrations,
            writeNanos / 1e9,
            (last - before.wallNanos()) / 1e9));
    say.accept(
        "  each Job, completion sent -> Deployment seen unpaused: "
            + Latencies.ofMillis(since(sent, released)).describe());
    say.accept("  " + Usage.now(api, operator).describeSince(before));
  }

  /** Waits until the mock has had no request for 3 s: the operator has nothing left to do. */
  void awaitQuiet() throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (api.timing().quietNanos() < Duration.ofSeconds(3).toNanos()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the operator kept calling the API server for " + timeout);
      }
      Thread.sleep(200);
    }
  }

  private void createMigration(int app) {
    api.client().resource(Workload.migration(namespace(app), app(app), image(app))).create();
  }

  /** The latest completion time, once all completed. */
  private long awaitAll(List<CompletableFuture<Long>> futures) throws Exception {
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return futures.stream().mapToLong(CompletableFuture::join).max().orElseThrow();
  }

  private static List<Double> since(long[] sent, List<CompletableFuture<Long>> seen) {
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < sent.length; i++) {
      millis.add((seen.get(i).join() - sent[i]) / 1e6);
    }
    return millis;
  }

  /** Runs {@code task(0..count-1)} on the pool; returns the wall-clock nanoseconds. */
  private long parallel(int count, IntConsumer task) throws Exception {
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int index = i;
      futures.add(pool.submit(() -> task.accept(index)));
    }
    for (Future<?> future : futures) {
      future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    return System.nanoTime() - start;
  }

  private String namespace(int index) {
    return String.format(Locale.ROOT, "scale-%02d", index % namespaces);
  }

  private static String app(int app) {
    return String.format(Locale.ROOT, "app-%04d", app);
  }

  private static String image(int app) {
    return Workload.image("scale-app-" + app);
  }
}
