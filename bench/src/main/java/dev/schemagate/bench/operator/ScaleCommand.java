package dev.schemagate.bench.operator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
    if (!OperatorJvm.jarIsBuilt(operatorJar)) {
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
    try (MockApiServer api = MockApiServer.start();
        ApiEvents events = new ApiEvents(api.client())) {
      ScalePhases phases =
          new ScalePhases(api, events, pool, migrations, namespaces, timeout, this::say);
      phases.seed(ungated);
      if (backlog) {
        phases.createBeforeStart();
      }
      List<CompletableFuture<Long>> jobs = phases.jobFutures();
      Usage atStart = Usage.now(api, null);
      try (OperatorJvm operator =
          OperatorJvm.start(
              operatorJar,
              flags,
              api.writeKubeconfig(workDir),
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
        List<MemorySample> samples = new ArrayList<>();
        double jobsSeconds;
        if (backlog) {
          jobsSeconds = phases.awaitBacklogJobs(jobs, atStart, readyNanos, operator);
        } else {
          phases.awaitQuiet();
          samples.add(sample("at rest after start", operator));
          jobsSeconds = phases.createWhileRunning(jobs, operator);
        }
        phases.awaitQuiet();
        samples.add(sample("after every Job exists", operator));
        if (!skipRelease) {
          phases.completeAll(operator);
          phases.awaitQuiet();
          samples.add(sample("after every release (end)", operator));
        }
        met = summarize(operator, jobsSeconds, samples);
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

  private MemorySample sample(String when, OperatorJvm operator) {
    MemorySample sample = MemorySample.take(when, operator);
    say(sample.describe());
    return sample;
  }

  /** Prints the operator's counters and the verdicts; true when every goal is met. */
  private boolean summarize(OperatorJvm operator, double jobsSeconds, List<MemorySample> samples) {
    String metrics = operator.metrics();
    say(
        String.format(
            Locale.ROOT,
            "Operator reconciles: %.0f started, %.0f failed (retried); %.0f live threads",
            PrometheusText.sum(metrics, "operator_sdk_reconciliations_started_total"),
            PrometheusText.sum(metrics, "operator_sdk_reconciliations_failed_total"),
            PrometheusText.sum(metrics, "jvm_threads_live_threads")));
    say("");
    double maxHeap = samples.stream().mapToDouble(MemorySample::heapAfterGcMib).max().orElse(-1);
    double maxRss = samples.stream().mapToDouble(MemorySample::rssMib).max().orElse(-1);
    double peakRss = samples.getLast().peakRssMib();
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
            "RSS, largest sample %.1f MiB, peak of the whole run (VmHWM) %.1f MiB: goal %.0f MiB %s",
            maxRss,
            peakRss,
            RSS_GOAL_MIB,
            verdict(peakRss, RSS_GOAL_MIB, "MiB")));
    if (nmt) {
      say("Native memory (jcmd VM.native_memory summary), at the end:");
      operator.jcmd("VM.native_memory", "summary").lines().forEach(l -> say("  " + l));
    }
    return jobsSeconds <= JOBS_GOAL_SECONDS
        && maxHeap >= 0
        && maxHeap <= HEAP_GOAL_MIB
        && peakRss <= RSS_GOAL_MIB;
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
