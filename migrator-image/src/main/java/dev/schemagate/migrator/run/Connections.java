package dev.schemagate.migrator.run;

import dev.schemagate.migrator.config.ConnectionSettings;
import dev.schemagate.migrator.config.Durations;
import dev.schemagate.migrator.config.JdbcUrl;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the run's connections straight from the PostgreSQL driver: one to work and, when there is
 * something to apply, a second one to hold the lock. A run needs at most these two, for its whole
 * life, and must never have the lock connection recycled, so a pool would only add start-up time
 * (HikariCP cost a new JVM about 50 ms of a no-op run's 400, and 80 ms of CPU).
 *
 * <p>The driver settings keep round trips down: the simple query protocol sends a whole migration
 * as one message (and makes the server report error positions relative to it), and a minimum server
 * version lets the driver put its session settings into the startup packet.
 */
public final class Connections {

  /** The {@code application_name} every migrator session carries. */
  public static final String APPLICATION_NAME = "schemagate-migrator";

  private static final Logger LOG = LoggerFactory.getLogger(Connections.class);
  private static final Duration RETRY_EVERY = Duration.ofSeconds(1);
  private static final Duration LONGEST_ATTEMPT = Duration.ofSeconds(30);

  private Connections() {}

  /**
   * Opens a connection, retrying while the server refuses connections (SQLSTATE class 08, e.g. a
   * database proxy that is still starting) for up to the connect timeout. Authentication and other
   * errors fail at once.
   */
  public static Connection open(ConnectionSettings settings) throws SQLException {
    long deadline = System.nanoTime() + settings.connectTimeout().toNanos();
    Driver driver = new org.postgresql.Driver();
    String url = url(settings);
    Properties properties = properties(settings);
    while (true) {
      try {
        Connection connection = driver.connect(url, properties);
        if (connection == null) {
          throw new SQLException("not a PostgreSQL JDBC URL", "08001");
        }
        return connection;
      } catch (SQLException e) {
        boolean unreachable = e.getSQLState() != null && e.getSQLState().startsWith("08");
        if (!unreachable || System.nanoTime() + RETRY_EVERY.toNanos() > deadline) {
          throw e;
        }
        LOG.info(
            "Cannot reach {} yet ({}); retrying for up to {}",
            settings.target(),
            e.getMessage(),
            Durations.format(settings.connectTimeout()));
        sleep(RETRY_EVERY);
      }
    }
  }

  /**
   * Starts {@link #open} on a thread of its own, so that connecting (a few milliseconds in which
   * the server forks a backend) overlaps with reading the migration files.
   */
  public static Opening openInBackground(ConnectionSettings settings) {
    return new Opening(settings);
  }

  /** A connection being opened in the background. */
  public static final class Opening {

    private final CompletableFuture<Connection> connection = new CompletableFuture<>();
    private final Thread thread;

    private Opening(ConnectionSettings settings) {
      thread =
          Thread.ofPlatform()
              .daemon()
              .name("schemagate-connect")
              .start(
                  () -> {
                    try {
                      connection.complete(open(settings));
                    } catch (Throwable t) {
                      connection.completeExceptionally(t);
                    }
                  });
    }

    /** The open connection, or the reason it could not be opened. */
    public Connection await() throws SQLException {
      try {
        return connection.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof SQLException sql) {
          throw sql;
        }
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new IllegalStateException(e.getCause());
      }
    }

    /** Stops waiting for the server and closes whatever was opened; leaves nothing running. */
    public void abandon() {
      thread.interrupt();
      try {
        connection.join().close();
      } catch (CompletionException | SQLException e) {
        // it failed to open, or closing it failed; either way nothing is left open
      }
    }
  }

  private static String url(ConnectionSettings settings) {
    // Secrets written into the URL travel as properties instead (see below).
    return settings
        .url()
        .withoutSecrets()
        .with("ApplicationName", APPLICATION_NAME)
        .with("preferQueryMode", "simple")
        .with("assumeMinServerVersion", "12")
        .with("tcpKeepAlive", "true")
        .toString();
  }

  /**
   * User and password (and any secret the URL held) as properties, never in the URL, which the
   * driver's own messages echo (e.g. "JDBC URL must contain a / ..."). One attempt is bounded (TCP
   * connect and the whole login), so that an unresponsive server cannot stall a run past its
   * connect timeout for long; {@link #open} decides whether to try again.
   */
  private static Properties properties(ConnectionSettings settings) {
    Properties properties = new Properties();
    if (settings.user() != null) {
      properties.setProperty("user", settings.user());
    }
    for (String key : JdbcUrl.SECRET_PARAMETERS) {
      String value = settings.url().parameter(key).orElse(null);
      if (value != null) {
        properties.setProperty(key, value);
      }
    }
    if (settings.password() != null) {
      properties.setProperty("password", settings.password());
    }
    long attemptSeconds =
        Math.clamp(settings.connectTimeout().toSeconds(), 1, LONGEST_ATTEMPT.toSeconds());
    String timeout = Long.toString(attemptSeconds);
    properties.setProperty("connectTimeout", timeout);
    properties.setProperty("loginTimeout", timeout);
    return properties;
  }

  private static void sleep(Duration duration) throws SQLException {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for the database", "08000", e);
    }
  }
}
