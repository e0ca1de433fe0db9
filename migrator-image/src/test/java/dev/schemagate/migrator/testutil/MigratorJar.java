package dev.schemagate.migrator.testutil;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The runnable jar that {@code package} builds, started as its own JVM the way a pod starts it
 * (with the image's two start-up flags that matter for speed, not its class-data-sharing archive).
 */
public final class MigratorJar {

  /** Where {@code package} writes it, relative to the module. */
  public static final Path JAR = Path.of("target", "schemagate-migrator.jar");

  private MigratorJar() {}

  /**
   * {@code java ... -jar schemagate-migrator.jar ARGS}; fails the test when the jar is not built.
   */
  public static ProcessBuilder command(String... args) {
    assertThat(JAR).as("the runnable jar (run the ITs after 'package')").exists();
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  /**
   * {@code migrate} for {@code schema} on the test server with the files in {@code dir}, writing
   * its termination message to {@code termination}; callers add output redirection and more
   * variables.
   */
  public static ProcessBuilder migrate(String schema, MigrationDir dir, Path termination) {
    ProcessBuilder builder = command("migrate");
    builder.environment().put("SCHEMAGATE_DB_URL", TestPostgres.get().jdbcUrl());
    builder.environment().put("SCHEMAGATE_SCHEMA", schema);
    builder.environment().put("SCHEMAGATE_MIGRATIONS_DIR", dir.path().toString());
    builder.environment().put("SCHEMAGATE_TERMINATION_LOG", termination.toString());
    return builder;
  }

  private static String javaExecutable() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
  }
}
