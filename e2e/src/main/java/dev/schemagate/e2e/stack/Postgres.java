package dev.schemagate.e2e.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * The PostgreSQL server the product migrates: the one {@code SCHEMAGATE_TEST_PG_URL} names (a JDBC
 * URL with a superuser's credentials), or an embedded one (zonky) that trusts the {@code postgres}
 * superuser on the loopback interface and asks every other role for its SCRAM password, so the
 * migrations really authenticate with the password from their Secret.
 */
public final class Postgres implements AutoCloseable {

  public static final String URL_VARIABLE = "SCHEMAGATE_TEST_PG_URL";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String superuserUrl;
  private final EmbeddedPostgres embedded;

  private Postgres(String superuserUrl, EmbeddedPostgres embedded) {
    this.superuserUrl = superuserUrl;
    this.embedded = embedded;
  }

  /** The external server named by {@code SCHEMAGATE_TEST_PG_URL}, else a new embedded one. */
  public static Postgres start() {
    String external = System.getenv(URL_VARIABLE);
    if (external != null && !external.isBlank()) {
      return new Postgres(external.strip(), null);
    }
    try {
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setServerConfig("max_connections", "200")
              .setDataDirectoryCustomizer(dir -> requirePasswords(dir.toPath()))
              .start();
      return new Postgres(
          "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres?user=postgres",
          postgres);
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

  /** A superuser connection; the caller closes it. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(superuserUrl);
  }

  /**
   * A role with a random password that owns a new, empty schema: what one application's migrations
   * run as. The same schema again returns a new password for the same role.
   */
  public AppDatabase createAppDatabase(String schema) {
    String role = schema + "_app";
    String password = HexFormat.of().formatHex(RANDOM.generateSeed(12));
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
              + role
              + "') THEN CREATE ROLE "
              + role
              + " LOGIN; END IF; END $$");
      statement.execute("ALTER ROLE " + role + " PASSWORD '" + password + "'");
      statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema + " AUTHORIZATION " + role);
      return new AppDatabase(databaseUrl(connection), role, password, schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the application database " + schema, e);
    }
  }

  private static String databaseUrl(Connection connection) throws SQLException {
    String url = connection.getMetaData().getURL();
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  /** A short description without credentials, e.g. {@code localhost:41234 (embedded)}. */
  public String describe() {
    String hostAndDb =
        superuserUrl.replaceFirst("^jdbc:postgresql://", "").replaceFirst("\\?.*$", "");
    return hostAndDb + (embedded != null ? " (embedded PostgreSQL)" : " (" + URL_VARIABLE + ")");
  }

  @Override
  public void close() {
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        // stopping anyway
      }
    }
  }

  /**
   * Where one application's schema lives and how its migrations log in.
   *
   * @param jdbcUrl JDBC URL without credentials
   * @param user the role
   * @param password its password (never printed)
   * @param schema the schema the role owns
   */
  public record AppDatabase(String jdbcUrl, String user, String password, String schema) {
    @Override
    public String toString() {
      return "AppDatabase[" + user + "@" + jdbcUrl + ", schema " + schema + "]";
    }

    public Connection connect() throws SQLException {
      return DriverManager.getConnection(jdbcUrl, user, password);
    }
  }
}
