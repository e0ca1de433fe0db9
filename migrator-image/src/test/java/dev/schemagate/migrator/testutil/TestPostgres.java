package dev.schemagate.migrator.testutil;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server the integration tests use: the one {@code SCHEMAGATE_TEST_PG_URL} names (a
 * JDBC URL with a superuser's credentials), or else one embedded server started on first use and
 * shared by every test in the JVM. Tests stay independent by each using a fresh schema.
 *
 * <p>The embedded server trusts the {@code postgres} superuser but asks every other role for a
 * SCRAM password, so tests about passwords can see a wrong one rejected.
 */
public final class TestPostgres {

  /** Names an external server to test against instead of the embedded one. */
  public static final String URL_VARIABLE = "SCHEMAGATE_TEST_PG_URL";

  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static TestPostgres instance;

  private final String jdbcUrl;
  private final boolean embedded;

  private TestPostgres(String jdbcUrl, boolean embedded) {
    this.jdbcUrl = jdbcUrl;
    this.embedded = embedded;
  }

  /** The shared server, started on first use. */
  public static synchronized TestPostgres get() {
    if (instance == null) {
      String external = System.getenv(URL_VARIABLE);
      instance =
          external != null && !external.isBlank()
              ? new TestPostgres(external.strip(), false)
              : startEmbedded();
    }
    return instance;
  }

  private static TestPostgres startEmbedded() {
    try {
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setServerConfig("max_connections", "300")
              .setDataDirectoryCustomizer(dir -> requirePasswords(dir.toPath()))
              .start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(postgres)));
      return new TestPostgres(
          "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres?user=postgres", true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
    }
  }

  private static void requirePasswords(Path dataDirectory) {
    try {
      Files.writeString(
          dataDirectory.resolve("pg_hba.conf"),
          """
          local all all trust
          host all postgres 127.0.0.1/32 trust
          host all postgres ::1/128 trust
          host all all 127.0.0.1/32 scram-sha-256
          host all all ::1/128 scram-sha-256
          """);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void closeQuietly(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException e) {
      // the JVM is ending anyway
    }
  }

  /** A JDBC URL that connects as a superuser (credentials included). */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** Whether this is the embedded server, which checks passwords of roles other than postgres. */
  public boolean checksPasswords() {
    return embedded;
  }

  /** A new superuser connection; the caller closes it. */
  public Connection connect() throws SQLException {
    return connect("schemagate-test");
  }

  /** A new superuser connection with the given {@code application_name}. */
  public Connection connect(String applicationName) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("ApplicationName", applicationName);
    return DriverManager.getConnection(jdbcUrl, properties);
  }

  /** A schema name no other test uses; the schema itself is not created. */
  public static String freshSchema(String prefix) {
    return (prefix + "_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet())
        .toLowerCase();
  }

  /** Runs SQL as a superuser. */
  public void execute(String sql) {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run " + sql, e);
    }
  }
}
