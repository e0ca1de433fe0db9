package dev.schemagate.migrator.run;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * The statement a migration is running, so that a JVM being stopped (SIGTERM, e.g. at a Job's
 * deadline) can have the server cancel it. Otherwise the server would go on with the migration
 * after the process is gone, and might commit it, while the lock, whose connection died with the
 * process, is already free for the next runner.
 */
public final class InFlight {

  private static volatile Statement running;
  private static volatile boolean cancelled;

  private InFlight() {}

  static void started(Statement statement) {
    cancelled = false;
    running = statement;
  }

  static void finished() {
    running = null;
  }

  /** Whether {@link #cancel} stopped the statement started last. */
  static boolean wasCancelled() {
    return cancelled;
  }

  /**
   * Asks the server to cancel the running migration statement (it then rolls the migration back, or
   * for a no-transaction file records it as failed) and returns whether one was running.
   */
  public static boolean cancel() {
    Statement statement = running;
    if (statement == null) {
      return false;
    }
    cancelled = true;
    try {
      statement.cancel();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }
}
