package dev.schemagate.migrator.lock;

/** The migration lock was not obtained within {@code --lock-timeout} (exit code 4). */
public class LockTimeoutException extends Exception {

  public LockTimeoutException(String message) {
    super(message);
  }
}
