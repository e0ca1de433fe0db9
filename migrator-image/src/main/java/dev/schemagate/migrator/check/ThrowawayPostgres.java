package dev.schemagate.migrator.check;

import dev.schemagate.migrator.config.ConnectionSettings;
import dev.schemagate.migrator.config.JdbcUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;

/**
 * A PostgreSQL server that lives for one {@code check}: binaries unpacked from the jar (cached
 * under the temp directory), a fresh data directory, a free port, deleted again on close.
 */
public final class ThrowawayPostgres implements AutoCloseable {

  private final EmbeddedPostgres postgres;

  private ThrowawayPostgres(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts a server; takes a second or two, longer the first time binaries are unpacked. */
  public static ThrowawayPostgres start() throws IOException {
    return new ThrowawayPostgres(
        EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start());
  }

  /** Settings to connect as the superuser {@code postgres} to database {@code postgres}. */
  public ConnectionSettings connection() {
    return new ConnectionSettings(
        JdbcUrl.parse("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres"),
        "postgres",
        null,
        Duration.ofSeconds(10));
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
