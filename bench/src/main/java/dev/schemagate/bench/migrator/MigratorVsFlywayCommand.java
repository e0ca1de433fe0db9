package dev.schemagate.bench.migrator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 * the two, each to a fresh database, then times a second (no-op) run of each on the migrated
 * database. Warm-up rounds run first and are not counted.
 */
@Command(
    name = "migrator",
    mixinStandardHelpOptions = true,
    description = {
      "Schemagate migrator vs Flyway: apply N generated migrations (3 statements each) to a"
          + " fresh database and time it, then time a no-op re-run; alternating the tools.",
      "PostgreSQL: embedded, unless SCHEMAGATE_BENCH_PG_URL names a server (a JDBC URL to a"
          + " maintenance database; SCHEMAGATE_BENCH_PG_USER / SCHEMAGATE_BENCH_PG_PASSWORD)."
    })
public final class MigratorVsFlywayCommand implements Callable<Integer> {

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
      names = "--fresh-jvm",
      description =
          "Start a new JVM for every run of either tool, as a Kubernetes Job does (default: both"
              + " tools in this JVM, after the warm-up).")
  boolean freshJvm;

  @Option(
      names = "--jvm-flag",
      paramLabel = "FLAG",
      description =
          "A flag for the JVMs that --fresh-jvm starts (repeatable; same for both tools).")
  List<String> jvmFlags = new ArrayList<>();

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
    Path workDir = Files.createTempDirectory("schemagate-bench-");
    Path dir = MigrationSetGenerator.writeTo(workDir.resolve("migrations"), migrations);
    Path results = resultsDirectory(workDir);
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    ToolOutputCapture capture =
        new ToolOutputCapture(results.resolve("tools-" + stamp + ".log"), showToolOutput);
    List<MigrationTool> tools = selectedTools(capture.logFile());

    try (BenchServer server = BenchServer.fromEnvironment()) {
      List<String> header = header(server);
      header.forEach(System.out::println);
      System.out.println("Tool output goes to " + capture.logFile());
      Map<String, ToolTimings> timings = measure(server, tools, dir, capture);
      String report =
          BenchReport.table(
              header, timings.get("migrator"), timings.get("Flyway"), timings.get("floor"));
      System.out.println();
      System.out.print(report);
      Path reportFile = results.resolve("migrator-vs-flyway-" + stamp + ".txt");
      Files.writeString(reportFile, report);
      System.out.println("\nSaved to " + reportFile);
    } finally {
      MigrationSetGenerator.delete(dir);
      if (!results.equals(workDir)) {
        Files.delete(workDir);
      }
    }
    return 0;
  }

  private Map<String, ToolTimings> measure(
      BenchServer server, List<MigrationTool> tools, Path dir, ToolOutputCapture capture) {
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
        String database = "bench_" + tool.name().toLowerCase(Locale.ROOT) + "_" + round;
        server.createDatabase(database);
        try {
          String url = server.jdbcUrl(database);
          double applyMs = timed(capture, tool, url, server, dir);
          verifier.verify(tool, database);
          double noopMs = timed(capture, tool, url, server, dir);
          verifier.verify(tool, database);
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
          server.dropDatabase(database);
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

  /** Wall-clock time of one complete tool invocation, from configuration to the last commit. */
  private static double timed(
      ToolOutputCapture capture, MigrationTool tool, String url, BenchServer server, Path dir) {
    // Garbage left by the previous run should not be collected on this run's clock.
    System.gc();
    long start = System.nanoTime();
    capture.run(() -> tool.migrate(url, server.user(), server.password(), dir));
    return (System.nanoTime() - start) / 1e6;
  }

  private List<MigrationTool> selectedTools(Path logFile) {
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
    return selected.stream().<MigrationTool>map(t -> new ForkedTool(t, jvmFlags, logFile)).toList();
  }

  private List<String> header(BenchServer server) {
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
            freshJvm ? "a new JVM per run " + jvmFlags : "in-process in one JVM"));
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
            "Server:     %s at %s; fsync=%s, synchronous_commit=%s",
            server.isEmbedded() ? "embedded (zonky)" : "external",
            server.describeTarget(),
            server.queryOne("postgres", "SHOW fsync"),
            server.queryOne("postgres", "SHOW synchronous_commit")));
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
