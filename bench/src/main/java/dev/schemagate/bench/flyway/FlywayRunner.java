package dev.schemagate.bench.flyway;

import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Flyway as an application runs it: its Java API with its defaults, only the data source, the
 * location and the schema set. The same code runs in the benchmark's JVM and, through {@link
 * #main}, in a new JVM whose class path holds nothing but Flyway, its PostgreSQL support and the
 * JDBC driver ({@code bench/target/flyway-runner.jar}), so no other library's start-up is counted
 * as Flyway's.
 */
public final class FlywayRunner {

  /** The environment variable that carries the password to a new JVM (never a command line). */
  public static final String PASSWORD_ENV = "SCHEMAGATE_BENCH_FLYWAY_PASSWORD";

  private FlywayRunner() {}

  /**
   * Arguments: JDBC URL, user, schema, migrations directory; password from {@link #PASSWORD_ENV}.
   */
  public static void main(String[] args) {
    if (args.length != 4) {
      System.err.println("usage: FlywayRunner <jdbc-url> <user> <schema> <dir>");
      System.exit(2);
    }
    String password = System.getenv().getOrDefault(PASSWORD_ENV, "");
    migrate(args[0], args[1], password, args[2], Path.of(args[3]));
    System.exit(0);
  }

  /** Applies every pending migration in {@code dir} to {@code schema}; throws on failure. */
  public static void migrate(String url, String user, String password, String schema, Path dir) {
    MigrateResult result =
        Flyway.configure()
            .dataSource(url, user, password)
            .schemas(schema)
            .locations("filesystem:" + dir.toAbsolutePath())
            .load()
            .migrate();
    if (!result.success) {
      throw new IllegalStateException("Flyway reported failure");
    }
  }
}
