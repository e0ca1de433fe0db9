package dev.schemagate.migrator.run;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.schemagate.migrator.config.ConnectionSettings;
import dev.schemagate.migrator.config.Durations;
import dev.schemagate.migrator.config.JdbcUrl;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the run's connection pool: one connection to work and, when there is something to apply, a
 * second one to hold the lock. The driver settings keep round trips down: the simple query protocol
 * sends a whole migration as one message (and makes the server report error positions relative to
 * it), and a minimum server version lets the driver put its session settings into the startup
 * packet.
 */
public final class DataSources {

  /** The {@code application_name} every migrator session carries. */
  public static final String APPLICATION_NAME = "schemagate-migrator";

  private static final Logger LOG = LoggerFactory.getLogger(DataSources.class);
  private static final Duration RETRY_EVERY = Duration.ofSeconds(1);

  private DataSources() {}

  /**
   * Opens the pool, retrying while the server refuses connections (SQLSTATE class 08, e.g. a
   * database proxy that is still starting) for up to the connect timeout. Authentication and other
   * errors fail at once.
   */
  public static HikariDataSource open(ConnectionSettings settings, int connections)
      throws SQLException {
    long deadline = System.nanoTime() + settings.connectTimeout().toNanos();
    while (true) {
      // Configured in place rather than through new HikariDataSource(config), which copies every
      // field of the configuration by reflection: 10-20 ms in a new JVM. The pool then
      // starts, and opens its first connection, on the first getConnection().
      HikariDataSource pool = new HikariDataSource();
      configure(pool, settings, connections);
      try {
        pool.getConnection().close();
        // From now on the pool opens a connection only when asked: otherwise its housekeeper would
        // open a second one 100 ms in for a run that needs only one (a run with nothing to apply).
        pool.getHikariConfigMXBean().setMinimumIdle(0);
        return pool;
      } catch (HikariPool.PoolInitializationException e) {
        pool.close();
        SQLException cause = sqlCause(e);
        boolean unreachable = cause.getSQLState() != null && cause.getSQLState().startsWith("08");
        if (!unreachable || System.nanoTime() + RETRY_EVERY.toNanos() > deadline) {
          throw cause;
        }
        LOG.info(
            "Cannot reach {} yet ({}); retrying for up to {}",
            settings.target(),
            cause.getMessage(),
            Durations.format(settings.connectTimeout()));
        sleep(RETRY_EVERY);
      } catch (SQLException | RuntimeException e) {
        pool.close();
        throw e;
      }
    }
  }

  /**
   * Starts {@link #open} on a thread of its own, so that connecting (a few milliseconds in which
   * the server forks a backend) overlaps with reading the migration files.
   */
  public static Opening openInBackground(ConnectionSettings settings, int connections) {
    return new Opening(settings, connections);
  }

  /** A pool being opened in the background. */
  public static final class Opening {

    private final CompletableFuture<HikariDataSource> pool = new CompletableFuture<>();
    private final Thread thread;

    private Opening(ConnectionSettings settings, int connections) {
      thread =
          Thread.ofPlatform()
              .daemon()
              .name("schemagate-connect")
              .start(
                  () -> {
                    try {
                      pool.complete(open(settings, connections));
                    } catch (Throwable t) {
                      pool.completeExceptionally(t);
                    }
                  });
    }

    /** The open pool, or the reason it could not be opened. */
    public HikariDataSource await() throws SQLException {
      try {
        return pool.join();
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
        pool.join().close();
      } catch (CompletionException e) {
        // it failed to open; nothing to close
      }
    }
  }

  private static void configure(HikariConfig config, ConnectionSettings settings, int connections) {
    JdbcUrl url =
        settings
            .url()
            .with("ApplicationName", APPLICATION_NAME)
            .with("preferQueryMode", "simple")
            .with("assumeMinServerVersion", "12")
            .with("tcpKeepAlive", "true");
    config.setPoolName("schemagate");
    config.setDriverClassName("org.postgresql.Driver");
    config.setJdbcUrl(url.toString());
    if (settings.user() != null) {
      config.setUsername(settings.user());
    }
    if (settings.password() != null) {
      config.setPassword(settings.password());
    }
    // The pool opens with one connection; a second is made only when a run needs the lock.
    config.setMaximumPoolSize(connections);
    config.setMinimumIdle(1);
    config.setAutoCommit(true);
    // One attempt per pool; open() decides whether to retry.
    config.setInitializationFailTimeout(1);
    config.setConnectionTimeout(
        Math.max(250, Math.min(30_000, settings.connectTimeout().toMillis())));
    // Connections live exactly as long as the run; the lock connection must never be recycled.
    config.setMaxLifetime(0);
    config.setIdleTimeout(0);
    config.setKeepaliveTime(0);
    config.setRegisterMbeans(false);
  }

  private static SQLException sqlCause(HikariPool.PoolInitializationException e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
    }
    return new SQLException(
        e.getCause() != null ? String.valueOf(e.getCause().getMessage()) : e.getMessage());
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
