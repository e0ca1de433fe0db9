package dev.schemagate.bench.migrator;

/**
 * Where one timed run of a tool goes: a database, and the schema in it that the run creates its
 * tables and history table in.
 *
 * @param password never printed; {@link #toString()} leaves it out
 */
public record RunTarget(String jdbcUrl, String user, String password, String schema) {

  @Override
  public String toString() {
    return "RunTarget[" + jdbcUrl + ", user=" + user + ", schema=" + schema + "]";
  }
}
