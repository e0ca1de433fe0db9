package dev.schemagate.migrator.lock;

/**
 * The migration lock, or the end of a stopped runner's session that still held its share, did not
 * come within {@code --lock-timeout} (exit code 4).
 */
public class LockTimeoutException extends Exception {

  public LockTimeoutException(String message) {
    super(message);
  }
}
