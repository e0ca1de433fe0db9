package dev.schemagate.e2e.cluster.controllers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the kubelet starts the migrator for a container: {@code java -jar schemagate-migrator.jar
 * <args>} with the image's JVM flags, the shaded jar that the container image carries.
 */
public final class MigratorLauncher {

  /** The image's entrypoint flags (migrator-image/Dockerfile), minus the CDS archive. */
  static final List<String> JVM_FLAGS =
      List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xshare:auto");

  private final Path java;
  private final List<String> program;

  private MigratorLauncher(Path java, List<String> program) {
    this.java = java;
    this.program = program;
  }

  /** Runs the shaded migrator jar. */
  public static MigratorLauncher jar(Path migratorJar) {
    if (!Files.isRegularFile(migratorJar)) {
      throw new IllegalArgumentException(
          "migrator jar not found: "
              + migratorJar.toAbsolutePath()
              + " (build it with ./mvnw -pl migrator-image -am package -DskipTests)");
    }
    return new MigratorLauncher(
        currentJava(), List.of("-jar", migratorJar.toAbsolutePath().toString()));
  }

  /** Runs the migrator's main class from a class path (e.g. the sandbox's own jar). */
  public static MigratorLauncher classpath(Path classpath) {
    return new MigratorLauncher(
        currentJava(),
        List.of(
            "-cp",
            classpath.toAbsolutePath().toString(),
            "dev.schemagate.migrator.cli.MigratorCli"));
  }

  static Path currentJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  public List<String> commandLine(List<String> migratorArgs) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(JVM_FLAGS);
    command.addAll(program);
    command.addAll(migratorArgs);
    return command;
  }

  @Override
  public String toString() {
    return String.join(" ", commandLine(List.of()));
  }
}
