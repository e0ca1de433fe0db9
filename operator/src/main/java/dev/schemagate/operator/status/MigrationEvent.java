package dev.schemagate.operator.status;

/**
 * An Event to record on a DatabaseMigration. Messages name Jobs, images and failure reasons only:
 * never env values, never log lines, never the database's error text.
 *
 * @param warning Warning when true, Normal otherwise
 * @param reason one of {@link dev.schemagate.operator.api.SchemagateConstants.EventReasons}
 * @param message for humans
 */
public record MigrationEvent(boolean warning, String reason, String message) {

  public static MigrationEvent normal(String reason, String message) {
    return new MigrationEvent(false, reason, message);
  }

  public static MigrationEvent warning(String reason, String message) {
    return new MigrationEvent(true, reason, message);
  }
}
