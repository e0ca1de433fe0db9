package dev.schemagate.migrator.resolve;

/**
 * A migration file found on disk.
 *
 * @param version the version from the file name
 * @param description the description from the file name, underscores as spaces
 * @param script the file name
 * @param checksum lower-case hex SHA-256 of the file's bytes
 * @param sql the file's text without a leading byte order mark
 * @param transactional false when the first line is {@value #NO_TRANSACTION_MARKER}
 */
public record ResolvedMigration(
    Version version,
    String description,
    String script,
    String checksum,
    String sql,
    boolean transactional) {

  /** The first line that makes a file run statement by statement, outside a transaction. */
  public static final String NO_TRANSACTION_MARKER = "-- schemagate:no-transaction";

  /** {@code transactional} or {@code no-transaction}, as shown by {@code info}. */
  public String type() {
    return transactional ? "transactional" : "no-transaction";
  }
}
