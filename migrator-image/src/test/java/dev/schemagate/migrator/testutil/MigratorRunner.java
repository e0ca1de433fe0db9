package dev.schemagate.migrator.testutil;

import dev.schemagate.migrator.cli.MigratorCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the migrator with its own environment, captured streams and termination-message file: in
 * this JVM ({@link #run}) or as its own process from the runnable jar ({@link #runJar}). {@link
 * #forSchema} points it at the test server, a schema and a directory, with text logs.
 */
public final class MigratorRunner {

  private final Map<String, String> env;

  private MigratorRunner(Map<String, String> env) {
    this.env = new HashMap<>(env);
  }

  /** A runner for {@code schema} with the files in {@code dir}, on the test server. */
  public static MigratorRunner forSchema(String schema, MigrationDir dir) {
    return new MigratorRunner(
        Map.of(
            "SCHEMAGATE_DB_URL",
            TestPostgres.get().jdbcUrl(),
            "SCHEMAGATE_SCHEMA",
            schema,
            "SCHEMAGATE_MIGRATIONS_DIR",
            dir.path().toString(),
            "SCHEMAGATE_LOG_FORMAT",
            "text",
            "HOSTNAME",
            "test-host"));
  }

  /** A runner whose environment is exactly {@code variables}. */
  public static MigratorRunner withEnvironment(Map<String, String> variables) {
    return new MigratorRunner(variables);
  }

  /** Sets (or with null, removes) an environment variable. */
  public MigratorRunner env(String name, String value) {
    if (value == null) {
      env.remove(name);
    } else {
      env.put(name, value);
    }
    return this;
  }

  /** Runs {@code args} (e.g. {@code "migrate"}) in this JVM and captures everything. */
  public CliRun run(String... args) {
    try {
      Path termination = newTerminationFile();
      Map<String, String> runEnv = new HashMap<>(env);
      runEnv.put("SCHEMAGATE_TERMINATION_LOG", termination.toString());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code;
      try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
          PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
        code = MigratorCli.execute(runEnv, o, e, args);
      }
      String message = CliRun.readIfPresent(termination);
      Files.deleteIfExists(termination);
      return new CliRun(
          code,
          out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8),
          message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs {@code args} as its own JVM from the runnable jar, with exactly this runner's environment
   * (nothing inherited), and captures everything: what its {@code main}, shutdown hook and the
   * libraries write to the real stdout and stderr, not only what the command line is handed.
   */
  public CliRun runJar(String... args) {
    try {
      Path termination = newTerminationFile();
      Path out = Files.createTempFile("stdout", ".txt");
      Path err = Files.createTempFile("stderr", ".txt");
      ProcessBuilder builder =
          MigratorJar.command(args).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().clear();
      builder.environment().putAll(env);
      builder.environment().put("SCHEMAGATE_TERMINATION_LOG", termination.toString());
      Process process = builder.start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the migrator process did not finish in 120 s: " + args[0]);
      }
      CliRun run =
          new CliRun(
              process.exitValue(),
              Files.readString(out),
              Files.readString(err),
              CliRun.readIfPresent(termination));
      for (Path file : List.of(out, err, termination)) {
        Files.deleteIfExists(file);
      }
      return run;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static Path newTerminationFile() throws IOException {
    Path termination = Files.createTempFile("termination", ".json");
    Files.delete(termination);
    return termination;
  }
}
