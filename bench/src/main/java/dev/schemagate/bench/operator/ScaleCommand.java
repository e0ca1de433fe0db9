package dev.schemagate.bench.operator;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The operator at scale, as a process of its own (so that heap and RSS are its alone) against the
 * mock API server served by this JVM: N gated Deployments and M ungated ones exist; then N
 * DatabaseMigrations are created at once (time until every Job exists); then every Job completes
 * (time until every gated Deployment is released). Heap after a full collection and RSS are read at
 * rest after start, after the Jobs exist and at the end.
 */
@Command(
    name = "scale",
    mixinStandardHelpOptions = true,
    description = {
      "The operator jar as its own process against the mock API server: 1,000 DatabaseMigrations"
          + " with 1,000 gated Deployments beside 5,000 ungated ones. Time until every Job exists"
          + " (goal: 30 s), then until every Deployment is released; heap after GC (goal: 128"
          + " MiB) and RSS (goal: 300 MiB) of the operator's JVM."
    })
public final class ScaleCommand implements Callable<Integer> {

  /**
   * The operator image's JVM flags (operator/Dockerfile) in the chart's default 512 MiB memory
   * limit: MaxRAM stands in for the container limit, and the serial collector is what the JVM's
   * ergonomics pick below 1792 MiB.
   */
  static final List<String> IMAGE_FLAGS_IN_CHART_LIMIT =
      List.of(
          "-XX:MaxRAM=512m",
          "-XX:+UseSerialGC",
          "-XX:MaxRAMPercentage=75",
          "-XX:+ExitOnOutOfMemoryError");

  static final double JOBS_GOAL_SECONDS = 30;
  static final double HEAP_GOAL_MIB = 128;
  static final double RSS_GOAL_MIB = 300;

  @Option(
      names = "--migrations",
      defaultValue = "1000",
      description = "DatabaseMigrations, each with a gated Deployment (default: ${DEFAULT-VALUE}).")
  int migrations;

  @Option(
      names = "--ungated",
      defaultValue = "5000",
      description = "Deployments without the gate's label (default: ${DEFAULT-VALUE}).")
  int ungated;

  @Option(
      names = "--namespaces",
      defaultValue = "10",
      description = "Namespaces the objects are spread over (default: ${DEFAULT-VALUE}).")
  int namespaces;

  @Option(
      names = "--threads",
      defaultValue = "4",
      description =
          "Client threads creating objects and writing Job status (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--operator-jar",
      defaultValue = "operator/target/schemagate-operator.jar",
      description = "The operator's jar (default: ${DEFAULT-VALUE}).")
  Path operatorJar;

  @Option(
      names = "--jvm-flag",
      paramLabel = "FLAG",
      description =
          "A flag for the operator's JVM (repeatable); replaces the default, the image's flags in"
              + " the chart's 512 MiB limit: "
              + "-XX:MaxRAM=512m -XX:+UseSerialGC -XX:MaxRAMPercentage=75"
              + " -XX:+ExitOnOutOfMemoryError.")
  List<String> jvmFlags;

  @Option(
      names = "--backlog",
      description =
          "Create the DatabaseMigrations before the operator starts, and time from its start until"
              + " every Job exists (default: create them at once while it runs).")
  boolean backlog;

  @Option(
      names = "--nmt",
      description =
          "Run the operator with -XX:NativeMemoryTracking=summary and print where its memory goes"
              + " at the end (costs some memory and speed itself).")
  boolean nmt;

  @Option(
      names = "--skip-release",
      description = "Stop after every Job exists (do not complete the Jobs).")
  boolean skipRelease;

  @Option(
      names = "--timeout",
      defaultValue = "PT10M",
      description = "Give up on a phase after this long (ISO-8601, default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--results-dir",
      description = "Where to save the report and the operator's logs (default: bench/results).")
  Path resultsDir;

  private final List<String> report = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(operatorJar)) {
      System.err.println(
          operatorJar + " not found: build it with ./mvnw -pl operator -am package -DskipTests");
      return 2;
    }
    BenchLogging.quiet();
    List<String> flags = new ArrayList<>(jvmFlags == null ? IMAGE_FLAGS_IN_CHART_LIMIT : jvmFlags);
    if (nmt) {
      flags.add("-XX:NativeMemoryTracking=summary");
    }
    Path results = BenchEnvironment.resultsDirectory(resultsDir);
    String stamp = BenchEnvironment.stamp();
    Path operatorLog = results.resolve("operator-scale-" + stamp + ".log");
    Path gcLog = results.resolve("operator-scale-" + stamp + "-gc.log");
    Path workDir = Files.createTempDirectory("schemagate-scale-");

    say(
        String.format(
            Locale.ROOT,
            "Scale: %d DatabaseMigrations with %d gated Deployments, beside %d ungated Deployments,"
                + " in %d namespaces; operator jar as its own process, Fabric8 mock API server"
                + " (CRUD) in this JVM on loopback; %d client threads; %s",
            migrations,
            migrations,
            ungated,
            namespaces,
            threads,
            backlog
                ? "backlog: the DatabaseMigrations exist before the operator starts"
                : "burst: the DatabaseMigrations are created at once while the operator runs"));
    BenchEnvironment.describe().forEach(this::say);
    say("Operator JVM flags: " + flags + " (+ -Xlog:gc:file=... to read the heap after GC)");
    say("Operator log: " + operatorLog + ", GC log: " + gcLog);

    boolean met;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (MockApiServer api = MockApiServer.start()) {
      KubernetesClient client = api.client();
      for (int n = 0; n < namespaces; n++) {
        api.createNamespace(namespace(n));
      }
      TimedDispatcher.Snapshot seedStart = api.timing().snapshot();
      long seedNanos =
          timed(
              pool,
              ungated + migrations,
              i -> {
                if (i < ungated) {
                  String name = String.format(Locale.ROOT, "web-%05d", i);
                  client
                      .resource(
                          Workload.ungatedDeployment(
                              namespace(i), name, Workload.image("web-" + i)))
                      .create();
                } else {
                  int app = i - ungated;
                  client
                      .resource(Workload.heldDeployment(namespace(app), app(app), image(app)))
                      .create();
                }
              });
      say(
          String.format(
              Locale.ROOT,
              "Seeded %d Deployments in %.1f s (%.0f creates/s); %s",
              ungated + migrations,
              seedNanos / 1e9,
              (ungated + migrations) / (seedNanos / 1e9),
              api.timing().snapshot().describeSince(seedStart)));
      say("Mock API server threads running its dispatcher: " + api.timing().dispatchingThreads());

      if (backlog) {
        TimedDispatcher.Snapshot before = api.timing().snapshot();
        long nanos =
            timed(
                pool,
                migrations,
                app ->
                    client
                        .resource(Workload.migration(namespace(app), app(app), image(app)))
                        .create());
        say(
            String.format(
                Locale.ROOT,
                "Created %d DatabaseMigrations before the operator starts in %.1f s; %s",
                migrations,
                nanos / 1e9,
                api.timing().snapshot().describeSince(before)));
      }

      Path kubeconfig = api.writeKubeconfig(workDir);
      try (ApiEvents events = new ApiEvents(client)) {
        List<CompletableFuture<Long>> jobs = new ArrayList<>();
        for (int app = 0; app < migrations; app++) {
          jobs.add(events.jobCreated(namespace(app), app(app)));
        }
        Usage startUsage = Usage.now(api, null);
        try (OperatorJvm operator =
            OperatorJvm.start(
                operatorJar,
                flags,
                kubeconfig,
                Map.of("SCHEMAGATE_LOG_FORMAT", "json"),
                "schemagate-operator-scale",
                operatorLog,
                gcLog)) {
          long readyNanos = operator.awaitReady(Duration.ofMinutes(5), Duration.ofMillis(20));
          say(
              String.format(
                  Locale.ROOT,
                  "Operator ready %.2f s after its start (informers synced: %d gated Deployments%s)",
                  readyNanos / 1e9,
                  migrations,
                  backlog ? ", " + migrations + " DatabaseMigrations" : ""));
          double jobsSeconds;
          Sample atRest = null;
          if (backlog) {
            CompletableFuture.allOf(jobs.toArray(CompletableFuture[]::new))
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long last = jobs.stream().mapToLong(CompletableFuture::join).max().orElseThrow();
            jobsSeconds = (last - startUsage.wallNanos()) / 1e9;
            say(
                String.format(
                    Locale.ROOT,
                    "Phase 1 (backlog): every Job seen %.1f s after the operator's start (%.1f s"
                        + " after it was ready)",
                    jobsSeconds,
                    jobsSeconds - readyNanos / 1e9));
            say("  " + Usage.now(api, operator).describeSince(startUsage));
          } else {
            awaitQuiet(api);
            atRest = sample("at rest after start", operator);
            jobsSeconds = createMigrations(api, events, jobs, operator, pool);
          }
          awaitQuiet(api);
          Sample withJobs = sample("after every Job exists", operator);

          Sample last = withJobs;
          if (!skipRelease) {
            completeJobs(api, events, operator, pool);
            awaitQuiet(api);
            last = sample("after every release (end)", operator);
          }
          String metrics = operator.metrics();
          say(
              String.format(
                  Locale.ROOT,
                  "Operator reconciles: %.0f started, %.0f failed (retried); %.0f live threads",
                  PrometheusText.sum(metrics, "operator_sdk_reconciliations_started_total"),
                  PrometheusText.sum(metrics, "operator_sdk_reconciliations_failed_total"),
                  PrometheusText.sum(metrics, "jvm_threads_live_threads")));
          say("");
          List<Sample> samples = new ArrayList<>(List.of(withJobs, last));
          if (atRest != null) {
            samples.add(atRest);
          }
          double maxHeap = samples.stream().mapToDouble(Sample::heapAfterGcMib).max().orElse(-1);
          double maxRss = samples.stream().mapToDouble(Sample::rssMib).max().orElse(-1);
          double peakRss = last.peakRssMib();
          say(
              String.format(
                  Locale.ROOT,
                  "Every Job exists after %.1f s: goal %.0f s %s",
                  jobsSeconds,
                  JOBS_GOAL_SECONDS,
                  verdict(jobsSeconds, JOBS_GOAL_SECONDS, "s")));
          say(
              String.format(
                  Locale.ROOT,
                  "Heap after full GC, largest sample: %.1f MiB: goal %.0f MiB %s",
                  maxHeap,
                  HEAP_GOAL_MIB,
                  verdict(maxHeap, HEAP_GOAL_MIB, "MiB")));
          say(
              String.format(
                  Locale.ROOT,
                  "RSS, largest sample %.1f MiB, peak of the whole run (VmHWM) %.1f MiB: goal %.0f"
                      + " MiB %s",
                  maxRss,
                  peakRss,
                  RSS_GOAL_MIB,
                  verdict(peakRss, RSS_GOAL_MIB, "MiB")));
          if (nmt) {
            say("Native memory (jcmd VM.native_memory summary), at the end:");
            operator.jcmd("VM.native_memory", "summary").lines().forEach(l -> say("  " + l));
          }
          met =
              jobsSeconds <= JOBS_GOAL_SECONDS
                  && maxHeap >= 0
                  && maxHeap <= HEAP_GOAL_MIB
                  && peakRss <= RSS_GOAL_MIB;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    say("Load average after: " + BenchEnvironment.loadAverage());
    Path file = results.resolve("operator-scale-" + stamp + ".txt");
    Files.write(file, report);
    System.out.println("\nSaved to " + file);
    return met ? 0 : 1;
  }

  /** Phase 1: every DatabaseMigration created at once; seconds until every Job was seen. */
  private double createMigrations(
      MockApiServer api,
      ApiEvents events,
      List<CompletableFuture<Long>> jobs,
      OperatorJvm operator,
      ExecutorService pool)
      throws Exception {
    KubernetesClient client = api.client();
    long[] sent = new long[migrations];
    Usage before = Usage.now(api, operator);
    long start = before.wallNanos();
    long createNanos =
        timed(
            pool,
            migrations,
            app -> {
              sent[app] = System.nanoTime();
              client.resource(Workload.migration(namespace(app), app(app), image(app))).create();
            });
    CompletableFuture.allOf(jobs.toArray(CompletableFuture[]::new))
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    long last = jobs.stream().mapToLong(CompletableFuture::join).max().orElseThrow();
    List<Double> each = new ArrayList<>();
    for (int app = 0; app < migrations; app++) {
      each.add((jobs.get(app).join() - sent[app]) / 1e6);
    }
    double seconds = (last - start) / 1e9;
    say(
        String.format(
            Locale.ROOT,
            "Phase 1: %d DatabaseMigrations created in %.1f s; every Job seen %.1f s after the first"
                + " create",
            migrations,
            createNanos / 1e9,
            seconds));
    say(
        "  each DatabaseMigration, create sent -> its Job seen: "
            + Latencies.ofMillis(each).describe());
    say("  " + Usage.now(api, operator).describeSince(before));
    return seconds;
  }

  /** Phase 2: every Job completes at once; time until every gated Deployment is released. */
  private void completeJobs(
      MockApiServer api, ApiEvents events, OperatorJvm operator, ExecutorService pool)
      throws Exception {
    ClusterWrites cluster = new ClusterWrites(api.client());
    List<CompletableFuture<Long>> released = new ArrayList<>();
    for (int app = 0; app < migrations; app++) {
      released.add(events.released(namespace(app), app(app)));
    }
    long[] sent = new long[migrations];
    Usage before = Usage.now(api, operator);
    long start = before.wallNanos();
    Instant began = Workload.now();
    long writeNanos =
        timed(
            pool,
            migrations,
            app -> {
              Job job = events.job(namespace(app), app(app));
              sent[app] = System.nanoTime();
              cluster.complete(job, began, Workload.now());
            });
    CompletableFuture.allOf(released.toArray(CompletableFuture[]::new))
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    long last = released.stream().mapToLong(CompletableFuture::join).max().orElseThrow();
    List<Double> each = new ArrayList<>();
    for (int app = 0; app < migrations; app++) {
      each.add((released.get(app).join() - sent[app]) / 1e6);
    }
    say(
        String.format(
            Locale.ROOT,
            "Phase 2: %d Jobs completed in %.1f s; every gated Deployment released %.1f s after the"
                + " first completion",
            migrations,
            writeNanos / 1e9,
            (last - start) / 1e9));
    say(
        "  each Job, completion sent -> Deployment seen unpaused: "
            + Latencies.ofMillis(each).describe());
    say("  " + Usage.now(api, operator).describeSince(before));
  }

  private record Sample(String when, double heapAfterGcMib, double rssMib, double peakRssMib) {}

  private Sample sample(String when, OperatorJvm operator) {
    Optional<GcLog.Collection> gc = operator.heapAfterFullGc();
    ProcessMemory memory = operator.memory();
    double heap = gc.map(GcLog.Collection::afterMib).orElse(-1.0);
    say(
        String.format(
            Locale.ROOT,
            "Operator memory %s: heap after full GC %s, RSS %.1f MiB (peak so far %.1f MiB)",
            when,
            gc.map(
                    c ->
                        String.format(
                            Locale.ROOT,
                            "%.1f MiB (heap committed %.1f MiB)",
                            c.afterMib(),
                            c.committedMib()))
                .orElse("unknown (no GC log line)"),
            memory.rssMib(),
            memory.peakRssMib()));
    return new Sample(when, heap, memory.rssMib(), memory.peakRssMib());
  }

  /** Waits until the mock has had no request for 3 s: the operator has nothing left to do. */
  private void awaitQuiet(MockApiServer api) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (api.timing().quietNanos() < Duration.ofSeconds(3).toNanos()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the operator kept calling the API server for " + timeout);
      }
      Thread.sleep(200);
    }
  }

  /** Runs {@code task(0..count-1)} on the pool; returns the wall-clock nanoseconds. */
  private long timed(ExecutorService pool, int count, IntConsumer task) throws Exception {
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

  private static String verdict(double value, double goal, String unit) {
    return value <= goal && value >= 0
        ? "met"
        : String.format(Locale.ROOT, "MISSED by %.1f %s", value - goal, unit);
  }

  private void say(String line) {
    System.out.println(line);
    report.add(line);
  }
}
