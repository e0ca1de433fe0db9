package dev.schemagate.bench.migrator;

import dev.schemagate.bench.flyway.FlywayRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What follows {@code java <flags>} when a new JVM starts a tool, each from its own jar, as its
 * users start it:
 *
 * <ul>
 *   <li>migrator: {@code -jar schemagate-migrator.jar migrate --url ... --schema ... --dir ...},
 *       password in {@code PGPASSWORD};
 *   <li>Flyway: {@code -cp flyway-runner.jar} (Flyway, its PostgreSQL support and the JDBC driver,
 *       nothing else) with {@link FlywayRunner} as the main class;
 *   <li>floor: the benchmark's own jar with {@link SingleRun}.
 * </ul>
 */
public record ToolLaunch(String tool, Path jar) {

  /** The arguments after the JVM flags, and the variable that carries the password. */
  public record Command(List<String> arguments, String passwordVariable) {}

  /** Where each tool's jar is; fails early, naming the build step, when one is missing. */
  public static ToolLaunch of(String tool, Path migratorJar, Path flywayJar, Path benchJar) {
    Path jar =
        switch (tool) {
          case "migrator" -> migratorJar;
          case "Flyway" -> flywayJar;
          default -> benchJar;
        };
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(
          "--fresh-jvm needs "
              + jar
              + " for "
              + tool
              + "; build it with ./mvnw -q -pl bench -am package -DskipTests");
    }
    return new ToolLaunch(tool, jar.toAbsolutePath());
  }

  /** The launch for the report, with placeholders for the per-run arguments. */
  String describe() {
    String name = jar.getFileName().toString();
    return switch (tool) {
      case "migrator" ->
          "-jar " + name + " migrate --url URL --schema SCHEMA --dir DIR --user USER";
      case "Flyway" -> "-cp " + name + " " + FlywayRunner.class.getName() + " URL USER SCHEMA DIR";
      default -> "-cp " + name + " " + SingleRun.class.getName() + " " + tool + " ...";
    };
  }

  Command command(RunTarget target, Path dir) {
    return switch (tool) {
      case "migrator" -> {
        List<String> args = new ArrayList<>(List.of("-jar", jar.toString()));
        args.addAll(SchemagateMigratorTool.arguments(target, dir));
        yield new Command(args, "PGPASSWORD");
      }
      case "Flyway" ->
          new Command(
              List.of(
                  "-cp",
                  jar.toString(),
                  FlywayRunner.class.getName(),
                  target.jdbcUrl(),
                  target.user(),
                  target.schema(),
                  dir.toString()),
              FlywayRunner.PASSWORD_ENV);
      default ->
          new Command(
              List.of(
                  "-cp",
                  jar.toString(),
                  SingleRun.class.getName(),
                  tool,
                  target.jdbcUrl(),
                  target.user(),
                  target.schema(),
                  dir.toString()),
              SingleRun.PASSWORD_ENV);
    };
  }
}
