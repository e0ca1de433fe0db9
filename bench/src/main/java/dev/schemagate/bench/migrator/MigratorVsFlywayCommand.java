package dev.schemagate.bench.migrator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Applies the same generated migrations with the Schemagate migrator and with Flyway, alternating
 * the two, each run into a fresh schema (or database), then times a second (no-op) run of each on
 * the migrated schema. Warm-up rounds run first and are not counted.
 */
@Command(
    name = "migrator",
    mixinStandardHelpOptions = true,
    description = {
      "Schemagate migrator vs Flyway: apply N generated migrations (3 statements each) to a"
          + " fresh schema and time it, then time a no-op re-run; alternating the tools.",
      "PostgreSQL: embedded, unless SCHEMAGATE_BENCH_PG_URL names a server (a JDBC URL to a"
          + " maintenance database; SCHEMAGATE_BENCH_PG_USER / SCHEMAGATE_BENCH_PG_PASSWORD)."
    })
public final class MigratorVsFlywayCommand implements Callable<Integer> {

  /**
   * The JVM flags of the migrator's container image (its Dockerfile's ENTRYPOINT, without the
   * archive, which --image-flags replaces with one archive per tool).
   */
  static final List<String> IMAGE_FLAGS =
      List.of(
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-XX:-UsePerfData",
          "-XX:MaxRAMPercentage=75",
          "-XX:+ExitOnOutOfMemoryError",
          "-Xlog:disable",
          "-Xlog:all=warning:stderr");

  @Option(
      names = "--migrations",
      defaultValue = "200",
      description = "Migrations to generate (default: ${DEFAULT-VALUE}).")
  int migrations;

  @Option(
      names = "--runs",
      defaultValue = "5",
      description = "Timed runs of each tool (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--warmups",
      defaultValue = "1",
      description = "Untimed warm-up runs of each tool first (default: ${DEFAULT-VALUE}).")
  int warmups;

  @Option(
      names = "--only",
      description = "Run only this tool (migrator or flyway), e.g. under a profiler.")
  String only;

  @Option(
      names = "--fresh-database",
      description =
          "Give each run a database of its own (schema public) instead of a new schema in one"
              + " benchmark database.")
  boolean freshDatabase;

  @Option(
      names = "--fresh-jvm",
      description =
          "Start a new JVM for every run of either tool, each from its own jar as its users start"
              + " it, as a Kubernetes Job does (default: both tools in this JVM, after the"
              + " warm-up).")
  boolean freshJvm;

  @Option(
      names = "--jvm-flag",
      paramLabel = "FLAG",
      description =
          "A flag for the JVMs that --fresh-jvm starts (repeatable; the same for every tool).")
  List<String> jvmFlags = new ArrayList<>();

  @Option(
      names = "--cds",
      description =
          "With --fresh-jvm: give each tool its own AppCDS archive, recorded by an untimed"
              + " training run (apply to a scratch schema) with the same flags.")
  boolean cds;

  @Option(
      names = "--image-flags",
      description =
          "With --fresh-jvm: the migrator image's JVM flags for every tool (-XX:+UseSerialGC"
              + " -XX:TieredStopAtLevel=1 -XX:-UsePerfData -XX:MaxRAMPercentage=75"
              + " -XX:+ExitOnOutOfMemoryError -Xlog:disable -Xlog:all=warning:stderr), and --cds.")
  boolean imageFlags;

  @Option(
      names = "--as-shipped",
      description =
          "With --fresh-jvm: each tool as it ships. The migrator (and the floor) with its image's"
              + " JVM flags and its own AppCDS archive, as its image starts it; Flyway in a plain"
              + " JVM, as its distribution starts it (no archive, no flags).")
  boolean asShipped;

  @Option(
      names = "--migrator-jar",
      paramLabel = "JAR",
      description =
          "The migrator's jar for --fresh-jvm (default:"
              + " migrator-image/target/schemagate-migrator.jar next to this jar's module).")
  Path migratorJar;

  @Option(
      names = "--flyway-jar",
      paramLabel = "JAR",
      description =
          "Flyway, its PostgreSQL support and the driver, for --fresh-jvm (default:"
              + " flyway-runner.jar next to this jar).")
  Path flywayJar;

  @Option(
      names = "--with-floor",
      description =
          "Also time the floor: each file and its history row sent as one message on a plain JDBC"
              + " connection, nothing else; shows how much of a run is the server's own work.")
  boolean withFloor;

  @Option(
      names = "--show-tool-output",
      description = "Let the tools print to the console instead of to the log file.")
  boolean showToolOutput;

  @Option(
      names = "--results-dir",
      description =
          "Where to save the report and the tools' log (default: bench/results when run from the"
              + " repository root, else a temporary directory).")
  Path resultsDir;

  @Override
  public Integer call() throws Exception {
    if (runs < 1 || warmups < 0 || migrations < 1) {
      System.err.println("--runs and --migrations must be at least 1, --warmups at least 0");
      return 2;
    }
    if ((cds || imageFlags || asShipped || !jvmFlags.isEmpty()) && !freshJvm) {
      System.err.println("--cds, --image-flags, --as-shipped and --jvm-flag need --fresh-jvm");
      return 2;
    }
    if (asShipped && (cds || imageFlags)) {
      System.err.println(
          "--as-shipped sets each tool's flags itself: drop --cds and --image-flags");
      return 2;
    }
    Path workDir = Files.createTempDirectory("schemagate-bench-");
    Path dir = workDir.resolve("migrations");
    Path archives = workDir.resolve("cds");
    Path results = resultsDirectory(workDir);
    try {
      MigrationSetGenerator.writeTo(dir, migrations);
      String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
      ToolOutputCapture capture =
          new ToolOutputCapture(results.resolve("tools-" + stamp + ".log"), showToolOutput);
      List<MigrationTool> tools = selectedTools(capture.logFile(), archives);
      try (BenchServer server = BenchServer.fromEnvironment();
          RunWorkspace workspace = new RunWorkspace(server, freshDatabase)) {
        List<String> header = header(server, workspace, tools);
        header.forEach(System.out::println);
        System.out.println("Tool output goes to " + capture.logFile());
        train(workspace, tools, dir);
        Map<String, ToolTimings> timings = measure(server, workspace, tools, dir, capture);
        String report =
            BenchReport.table(
                header, timings.get("migrator"), timings.get("Flyway"), timings.get("floor"));
        System.out.println();
        System.out.print(report);
        Path reportFile = results.resolve("migrator-vs-flyway-" + stamp + ".txt");
        Files.writeString(reportFile, report);
        System.out.println("\nSaved to " + reportFile);
      }
    } finally {
      deleteIfPresent(dir);
      deleteIfPresent(archives);
      if (!results.equals(workDir)) {
        Files.delete(workDir);
      }
    }
    return 0;
  }

  /** Deletes a flat directory of the harness's own files (migrations, AppCDS archives). */
  private static void deleteIfPresent(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (var files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(directory);
  }

  /** Records each forked tool's AppCDS archive with an untimed run into a scratch place. */
  private static void train(RunWorkspace workspace, List<MigrationTool> tools, Path dir) {
    for (MigrationTool tool : tools) {
      if (tool instanceof ForkedTool forked && forked.usesArchive()) {
        RunWorkspace.Place place = workspace.create(placeName(tool, "cds"));
        try {
          forked.train(workspace.target(place), dir);
          System.out.println("Recorded the AppCDS archive of " + tool.name());
        } finally {
          workspace.discard(place);
        }
      }
    }
  }

  private Map<String, ToolTimings> measure(
      BenchServer server,
      RunWorkspace workspace,
      List<MigrationTool> tools,
      Path dir,
      ToolOutputCapture capture) {
    RunVerifier verifier = new RunVerifier(server, migrations);
    Map<String, List<Double>> apply = new LinkedHashMap<>();
    Map<String, List<Double>> noop = new LinkedHashMap<>();
    tools.forEach(t -> apply.put(t.name(), new ArrayList<>()));
    tools.forEach(t -> noop.put(t.name(), new ArrayList<>()));

    int rounds = warmups + runs;
    for (int round = 0; round < rounds; round++) {
      boolean warmUp = round < warmups;
      // Alternate who goes first, so neither tool always meets a server warmed by the other.
      List<MigrationTool> order = round % 2 == 0 ? tools : tools.reversed();
      for (MigrationTool tool : order) {
        RunWorkspace.Place place = workspace.create(placeName(tool, Integer.toString(round)));
        try {
          RunTarget target = workspace.target(place);
          double applyMs = timed(capture, tool, target, dir);
          verifier.verify(tool, place.database(), place.schema());
          double noopMs = timed(capture, tool, target, dir);
          verifier.verify(tool, place.database(), place.schema());
          if (!warmUp) {
            apply.get(tool.name()).add(applyMs);
            noop.get(tool.name()).add(noopMs);
          }
          System.out.printf(
              Locale.ROOT,
              "round %d/%d%s %-8s apply %8.1f ms   no-op %7.1f ms%n",
              round + 1,
              rounds,
              warmUp ? " (warm-up)" : "          ",
              tool.name(),
              applyMs,
              noopMs);
        } finally {
          workspace.discard(place);
        }
      }
    }
    Map<String, ToolTimings> timings = new LinkedHashMap<>();
    for (MigrationTool tool : tools) {
      timings.put(
          tool.name(),
          new ToolTimings(
              tool.name(),
              new Samples(apply.get(tool.name())),
              new Samples(noop.get(tool.name()))));
    }
    return timings;
  }

  private static String placeName(MigrationTool tool, String suffix) {
    return "bench_" + tool.name().toLowerCase(Locale.ROOT) + "_" + suffix;
  }

  /** Wall-clock time of one complete tool invocation, from configuration to the last commit. */
  private static double timed(
      ToolOutputCapture capture, MigrationTool tool, RunTarget target, Path dir) {
    // Garbage left by the previous run should not be collected on this run's clock.
    System.gc();
    long start = System.nanoTime();
    capture.run(() -> tool.migrate(target, dir));
    return (System.nanoTime() - start) / 1e6;
  }

  private List<MigrationTool> selectedTools(Path logFile, Path archives) throws IOException {
    List<MigrationTool> all = List.of(new SchemagateMigratorTool(), new FlywayTool());
    List<MigrationTool> selected =
        new ArrayList<>(
            all.stream().filter(t -> only == null || t.name().equalsIgnoreCase(only)).toList());
    if (selected.isEmpty()) {
      throw new IllegalArgumentException("--only takes migrator or flyway");
    }
    if (withFloor) {
      selected.add(new JdbcFloorTool());
    }
    if (!freshJvm) {
      return selected;
    }
    if (cds || imageFlags || asShipped) {
      Files.createDirectories(archives);
    }
    Path benchJar = ownJar();
    Path migrator =
        migratorJar != null
            ? migratorJar
            : benchJar
                .getParent()
                .resolve("../../migrator-image/target/schemagate-migrator.jar")
                .normalize();
    Path flyway = flywayJar != null ? flywayJar : benchJar.resolveSibling("flyway-runner.jar");
    return selected.stream()
        .<MigrationTool>map(
            t ->
                new ForkedTool(
                    t,
                    ToolLaunch.of(t.name(), migrator, flyway, benchJar),
                    flags(t),
                    usesArchive(t) ? archives.resolve(t.name() + ".jsa") : null,
                    logFile))
        .toList();
  }

  /** Whether {@code tool} runs as its image runs it: with the image's flags and an archive. */
  private boolean shippedWithImage(MigrationTool tool) {
    return asShipped && !tool.name().equals("Flyway");
  }

  private List<String> flags(MigrationTool tool) {
    List<String> flags =
        new ArrayList<>(imageFlags || shippedWithImage(tool) ? IMAGE_FLAGS : List.of());
    flags.addAll(jvmFlags);
    return flags;
  }

  private boolean usesArchive(MigrationTool tool) {
    return cds || imageFlags || shippedWithImage(tool);
  }

  /** This harness's jar (or classes directory, when run from an IDE). */
  private static Path ownJar() {
    try {
      return Path.of(
              MigratorVsFlywayCommand.class
                  .getProtectionDomain()
                  .getCodeSource()
                  .getLocation()
                  .toURI())
          .toAbsolutePath();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> header(
      BenchServer server, RunWorkspace workspace, List<MigrationTool> tools) {
    Properties versions = versions();
    Runtime rt = Runtime.getRuntime();
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "Schemagate migrator %s vs Flyway %s: %d migrations x %d statements,"
                + " %d timed runs each after %d warm-up, alternating, %s",
            versions.getProperty("migrator.version"),
            versions.getProperty("flyway.version"),
            migrations,
            MigrationSetGenerator.STATEMENTS_PER_MIGRATION,
            runs,
            warmups,
            freshJvm ? "a new JVM per run" : "in-process in one JVM"));
    lines.add("Each run:   " + workspace.describe());
    for (MigrationTool tool : tools) {
      if (tool instanceof ForkedTool forked) {
        lines.add(
            String.format(
                Locale.ROOT,
                "Launch:     %-8s java %s %s",
                tool.name(),
                String.join(" ", forked.describeFlags()),
                forked.describeLaunch()));
      }
    }
    lines.add(
        String.format(
            Locale.ROOT,
            "JVM:        %s %s (%s), %d CPUs, max heap %d MiB, %s %s",
            System.getProperty("java.vm.name"),
            Runtime.version(),
            System.getProperty("java.vendor"),
            rt.availableProcessors(),
            rt.maxMemory() / (1024 * 1024),
            System.getProperty("os.name"),
            System.getProperty("os.arch")));
    lines.add("PostgreSQL: " + server.queryOne("postgres", "SELECT version()"));
    lines.add(
        String.format(
            Locale.ROOT,
            "Server:     %s at %s; fsync=%s, synchronous_commit=%s, full_page_writes=%s",
            server.isEmbedded() ? "embedded (zonky)" : "external",
            server.describeTarget(),
            server.queryOne("postgres", "SHOW fsync"),
            server.queryOne("postgres", "SHOW synchronous_commit"),
            server.queryOne("postgres", "SHOW full_page_writes")));
    return lines;
  }

  private static Properties versions() {
    Properties props = new Properties();
    try (InputStream in =
        MigratorVsFlywayCommand.class.getResourceAsStream(
            "/dev/schemagate/bench/versions.properties")) {
      if (in != null) {
        props.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return props;
  }

  private Path resultsDirectory(Path workDir) throws IOException {
    Path dir = resultsDir;
    if (dir == null) {
      dir =
          Files.isRegularFile(Path.of("bench", "pom.xml")) ? Path.of("bench", "results") : workDir;
    }
    return Files.createDirectories(dir);
  }
}
