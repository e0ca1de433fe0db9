package dev.schemagate.bench.operator;

import dev.schemagate.operator.api.Phase;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Operator start to ready: from starting {@code java -jar schemagate-operator.jar} until {@code
 * /readyz} first answers 200 (polled every 5 ms), against the mock API server served by this JVM.
 * Compared: no class-data sharing at all, the JDK's default CDS archive, an AppCDS archive of the
 * operator ({@code -XX:ArchiveClassesAtExit}), and a JDK 25 AOT cache ({@code -XX:AOTCacheOutput}),
 * each archive recorded by a training run that also reconciles one migration. Two configurations:
 * as outside a cluster (webhook and leader election off) and as in one (webhook serving a
 * certificate from its Secret, leader election on). Rounds interleave the variants, so that a busy
 * moment of the machine hits them all alike.
 */
@Command(
    name = "startup",
    mixinStandardHelpOptions = true,
    description = {
      "Operator start to ready (/readyz 200), the jar as its own process against the mock API"
          + " server: without CDS, with the JDK's default CDS, with an AppCDS archive and with a JDK"
          + " 25 AOT cache (goal: 2 s)."
    })
public final class StartupCommand implements Callable<Integer> {

  static final double GOAL_SECONDS = 2.0;
  private static final String OPERATOR_NAMESPACE = "schemagate-system";
  private static final String APP_NAMESPACE = "startup";

  /** A way to run the JVM with respect to class-data sharing. */
  enum Cds {
    OFF("-Xshare:off (no CDS)"),
    DEFAULT("JDK default CDS archive"),
    APPCDS("AppCDS archive (-XX:ArchiveClassesAtExit)"),
    AOT("JDK 25 AOT cache (-XX:AOTCacheOutput)");

    final String label;

    Cds(String label) {
      this.label = label;
    }
  }

  /** As outside a cluster, or as in one. */
  enum Mode {
    LOCAL("webhook off, no leader election"),
    CLUSTER("webhook on (certificate from its Secret), leader election on");

    final String label;

    Mode(String label) {
      this.label = label;
    }
  }

  @Option(
      names = "--runs",
      defaultValue = "5",
      description = "Starts per variant (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--operator-jar",
      defaultValue = "operator/target/schemagate-operator.jar",
      description = "The operator's jar (default: ${DEFAULT-VALUE}).")
  Path operatorJar;

  @Option(
      names = "--jvm-flag",
      paramLabel = "FLAG",
      description = "An extra flag for every operator JVM, training runs included (repeatable).")
  List<String> jvmFlags = new ArrayList<>();

  @Option(
      names = "--cds",
      split = ",",
      description = "Variants to measure (default: all): ${COMPLETION-CANDIDATES}.")
  List<Cds> variants = List.of(Cds.values());

  @Option(
      names = "--mode",
      split = ",",
      description = "Configurations to measure (default: both): ${COMPLETION-CANDIDATES}.")
  List<Mode> modes = List.of(Mode.values());

  @Option(
      names = "--results-dir",
      description = "Where to save the report, archives and logs (default: bench/results).")
  Path resultsDir;

  private final List<String> report = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (!OperatorJvm.jarIsBuilt(operatorJar)) {
      return 2;
    }
    BenchLogging.quiet();
    Path results = BenchEnvironment.resultsDirectory(resultsDir);
    String stamp = BenchEnvironment.stamp();
    Path workDir = Files.createTempDirectory("schemagate-startup-");
    Path log = results.resolve("operator-startup-" + stamp + ".log");
    say(
        String.format(
            Locale.ROOT,
            "Startup: %s as its own process, from process start to the first 200 of /readyz"
                + " (polled every 5 ms); Fabric8 mock API server (CRUD, empty but for the CRD) in"
                + " this JVM; %d starts per variant, rounds interleaved",
            operatorJar,
            runs));
    BenchEnvironment.describe().forEach(this::say);
    say("Operator JVM flags besides the CDS ones: " + jvmFlags);
    say("Operator log: " + log);

    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    Map<String, List<Double>> rss = new LinkedHashMap<>();
    try (MockApiServer api = MockApiServer.start()) {
      api.createNamespace(OPERATOR_NAMESPACE);
      api.createNamespace(APP_NAMESPACE);
      Path kubeconfig = api.writeKubeconfig(workDir);
      Path appCds = workDir.resolve("operator-appcds.jsa");
      Path aot = workDir.resolve("operator.aot");
      if (variants.contains(Cds.APPCDS)) {
        train(api, kubeconfig, log, List.of("-XX:ArchiveClassesAtExit=" + appCds), appCds);
      }
      if (variants.contains(Cds.AOT)) {
        train(api, kubeconfig, log, List.of("-XX:AOTCacheOutput=" + aot), aot);
      }
      if (modes.contains(Mode.CLUSTER)) {
        // The very first start creates the CA, the certificate and their Secret; later ones read
        // it.
        double first =
            startOnce(kubeconfig, log, Mode.CLUSTER, cdsFlags(Cds.DEFAULT, appCds, aot))[0];
        say(
            String.format(
                Locale.ROOT,
                "First start in cluster mode (creates the webhook CA, certificate and Secret):"
                    + " %.2f s",
                first));
      }
      for (int round = 1; round <= runs; round++) {
        for (Mode mode : modes) {
          for (Cds cds : variants) {
            double[] result = startOnce(kubeconfig, log, mode, cdsFlags(cds, appCds, aot));
            String key = mode + "/" + cds;
            seconds.computeIfAbsent(key, k -> new ArrayList<>()).add(result[0] * 1000);
            rss.computeIfAbsent(key, k -> new ArrayList<>()).add(result[1]);
            System.out.printf(
                Locale.ROOT,
                "round %d/%d  %-8s %-8s ready after %.2f s, RSS %.0f MiB%n",
                round,
                runs,
                mode,
                cds,
                result[0],
                result[1]);
          }
        }
      }
      say("");
      for (Mode mode : modes) {
        say(mode.label + ":");
        for (Cds cds : variants) {
          String key = mode + "/" + cds;
          Latencies ready = Latencies.ofMillis(seconds.get(key));
          Latencies memory = Latencies.ofMillis(rss.get(key));
          say(
              String.format(
                  Locale.ROOT,
                  "  %-44s median %.2f s  min %.2f  max %.2f  (RSS at ready: median %.0f MiB)  %s",
                  cds.label,
                  ready.percentile(50) / 1000,
                  ready.min() / 1000,
                  ready.max() / 1000,
                  memory.percentile(50),
                  ready.percentile(50) / 1000 <= GOAL_SECONDS
                      ? "goal 2 s met"
                      : String.format(
                          Locale.ROOT,
                          "goal 2 s MISSED by %.2f s",
                          ready.percentile(50) / 1000 - GOAL_SECONDS)));
        }
      }
      if (Files.exists(appCds)) {
        say(String.format(Locale.ROOT, "AppCDS archive: %d MiB", Files.size(appCds) >> 20));
      }
      if (Files.exists(aot)) {
        say(String.format(Locale.ROOT, "AOT cache: %d MiB", Files.size(aot) >> 20));
      }
    }
    say("Load average after: " + BenchEnvironment.loadAverage());
    Path file = results.resolve("operator-startup-" + stamp + ".txt");
    Files.write(file, report);
    System.out.println("\nSaved to " + file);
    return 0;
  }

  private List<String> cdsFlags(Cds cds, Path appCds, Path aot) {
    List<String> flags = new ArrayList<>(jvmFlags);
    switch (cds) {
      case OFF -> flags.add("-Xshare:off");
      case DEFAULT -> {}
      case APPCDS -> flags.add("-XX:SharedArchiveFile=" + appCds);
      case AOT -> flags.add("-XX:AOTCache=" + aot);
    }
    return flags;
  }

  /** One start: seconds to ready, and RSS (MiB) at that moment. */
  private double[] startOnce(Path kubeconfig, Path log, Mode mode, List<String> flags)
      throws IOException {
    try (OperatorJvm operator =
        OperatorJvm.start(
            operatorJar, flags, kubeconfig, env(mode), "operator-startup", log, null)) {
      long nanos = operator.awaitReady(Duration.ofMinutes(2), Duration.ofMillis(5));
      double rssMib = operator.memory().rssMib();
      return new double[] {nanos / 1e9, rssMib};
    }
  }

  /**
   * A training run: start with the flag that records the archive, reconcile one migration from
   * creation to release (so that the classes of a whole run are in it), stop gracefully (the
   * archive is written at exit).
   */
  private void train(
      MockApiServer api, Path kubeconfig, Path log, List<String> recordFlags, Path archive)
      throws Exception {
    List<String> flags = new ArrayList<>(jvmFlags);
    flags.addAll(recordFlags);
    long start = System.nanoTime();
    KubernetesClient client = api.client();
    String name = "training-" + archive.getFileName().toString().replace('.', '-');
    String image = Workload.image(name);
    try (ApiEvents events = new ApiEvents(client);
        OperatorJvm operator =
            OperatorJvm.start(
                operatorJar,
                flags,
                kubeconfig,
                env(Mode.CLUSTER),
                "operator-training",
                log,
                null)) {
      operator.awaitReady(Duration.ofMinutes(2), Duration.ofMillis(20));
      client.resource(Workload.heldDeployment(APP_NAMESPACE, name, image)).create();
      client.resource(Workload.migration(APP_NAMESPACE, name, image)).create();
      events.jobCreated(APP_NAMESPACE, name).get(60, TimeUnit.SECONDS);
      Job job = events.job(APP_NAMESPACE, name);
      ClusterWrites cluster = new ClusterWrites(client);
      var began = Workload.now();
      var pod = cluster.start(job, began);
      events.phase(APP_NAMESPACE, name, Phase.Running).get(60, TimeUnit.SECONDS);
      cluster.podSucceeded(pod);
      cluster.complete(job, began, Workload.now());
      events.released(APP_NAMESPACE, name).get(60, TimeUnit.SECONDS);
      operator.metrics();
    }
    if (!Files.exists(archive)) {
      throw new IllegalStateException("the training run wrote no " + archive + "; see " + log);
    }
    say(
        String.format(
            Locale.ROOT,
            "Training run for %s: %.1f s, %d MiB",
            archive.getFileName(),
            (System.nanoTime() - start) / 1e9,
            Files.size(archive) >> 20));
  }

  private static Map<String, String> env(Mode mode) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SCHEMAGATE_LOG_FORMAT", "json");
    env.put("SCHEMAGATE_NAMESPACE", OPERATOR_NAMESPACE);
    if (mode == Mode.CLUSTER) {
      int port = freePort();
      env.put("SCHEMAGATE_LEADER_ELECTION", "true");
      env.put("SCHEMAGATE_WEBHOOK_ENABLED", "true");
      env.put("SCHEMAGATE_WEBHOOK_PORT", Integer.toString(port));
      env.put("SCHEMAGATE_WEBHOOK_URL", "https://127.0.0.1:" + port);
    } else {
      env.put("SCHEMAGATE_LEADER_ELECTION", "false");
      env.put("SCHEMAGATE_WEBHOOK_ENABLED", "false");
    }
    return env;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void say(String line) {
    System.out.println(line);
    report.add(line);
  }
}
