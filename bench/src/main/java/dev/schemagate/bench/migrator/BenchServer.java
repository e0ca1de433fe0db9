package dev.schemagate.bench.migrator;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL server both tools run against: an embedded one, or the one named by {@code
 * SCHEMAGATE_BENCH_PG_URL} (a JDBC URL to a maintenance database such as {@code postgres}; user and
 * password from {@code SCHEMAGATE_BENCH_PG_USER} / {@code SCHEMAGATE_BENCH_PG_PASSWORD}). Each run
 * gets a fresh schema (or database), created and dropped outside the timed section.
 */
public final class BenchServer implements AutoCloseable {

  private static final Pattern JDBC_URL =
      Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(\\?.*)?$");

  private final EmbeddedPostgres embedded;
  private final String adminUrl;
  private final String user;
  private final String password;

  private BenchServer(EmbeddedPostgres embedded, String adminUrl, String user, String password) {
    this.embedded = embedded;
    this.adminUrl = adminUrl;
    this.user = user;
    this.password = password;
  }

  /** Connects to the server named in the environment, or starts an embedded one. */
  public static BenchServer fromEnvironment() {
    String url = System.getenv("SCHEMAGATE_BENCH_PG_URL");
    if (url != null && !url.isBlank()) {
      String user = envOr("SCHEMAGATE_BENCH_PG_USER", envOr("PGUSER", ""));
      String password = envOr("SCHEMAGATE_BENCH_PG_PASSWORD", envOr("PGPASSWORD", ""));
      if (!JDBC_URL.matcher(url).matches()) {
        throw new IllegalArgumentException(
            "SCHEMAGATE_BENCH_PG_URL must look like jdbc:postgresql://host:port/database");
      }
      return new BenchServer(null, url, user, password);
    }
    try {
      EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
      return new BenchServer(pg, pg.getJdbcUrl("postgres", "postgres"), "postgres", "");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
    }
  }

  public boolean isEmbedded() {
    return embedded != null;
  }

  public String user() {
    return user;
  }

  /** The password, or an empty string; never printed. */
  public String password() {
    return password;
  }

  /** Where the server is, without the query string (which may carry credentials). */
  public String describeTarget() {
    Matcher m = JDBC_URL.matcher(adminUrl);
    return m.matches() ? m.group(1) + m.group(2) : "jdbc:postgresql://?";
  }

  /** The JDBC URL of database {@code name} on this server (same host, port and parameters). */
  public String jdbcUrl(String name) {
    return jdbcUrlFor(adminUrl, name);
  }

  static String jdbcUrlFor(String adminUrl, String database) {
    Matcher m = JDBC_URL.matcher(adminUrl);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a PostgreSQL JDBC URL");
    }
    return m.group(1) + database + (m.group(3) == null ? "" : m.group(3));
  }

  public void createDatabase(String name) {
    adminExecute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    adminExecute("CREATE DATABASE " + name);
  }

  public void dropDatabase(String name) {
    adminExecute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  /** Runs {@code sql} (no result) in database {@code database}. */
  public void execute(String database, String sql) {
    try (Connection c = connect(jdbcUrl(database));
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed in " + database + ": " + e.getMessage(), e);
    }
  }

  /** Runs a query that returns one value in database {@code name}. */
  public String queryOne(String database, String sql) {
    try (Connection c = connect(jdbcUrl(database));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException("query failed in " + database + ": " + e.getMessage(), e);
    }
  }

  private void adminExecute(String sql) {
    try (Connection c = connect(adminUrl);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
    }
  }

  private Connection connect(String url) throws SQLException {
    Properties props = new Properties();
    if (!user.isEmpty()) {
      props.setProperty("user", user);
    }
    if (!password.isEmpty()) {
      props.setProperty("password", password);
    }
    return DriverManager.getConnection(url, props);
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }

  @Override
  public void close() throws IOException {
    if (embedded != null) {
      embedded.close();
    }
  }
}
