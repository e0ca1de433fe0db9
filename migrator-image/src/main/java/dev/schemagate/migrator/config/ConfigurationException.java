package dev.schemagate.migrator.config;

/** A usage or configuration error (exit code 2): the message says what to fix. */
public class ConfigurationException extends RuntimeException {

  public ConfigurationException(String message) {
    super(message);
  }
}
