package dev.schemagate.migrator.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where and as whom to connect.
 *
 * @param url the JDBC URL (may still carry a password parameter the user put there)
 * @param user the user name, or null to use the one in the URL or the driver's default
 * @param password the password, or null
 * @param connectTimeout how long to keep retrying while the server is unreachable
 */
public record ConnectionSettings(
    JdbcUrl url, String user, String password, Duration connectTimeout) {

  /** {@code user@host:port/database}: what to print instead of the URL. */
  public String target() {
    String who = user != null ? user : url.parameter("user").orElse(null);
    return (who == null || who.isEmpty() ? "" : who + "@") + url.hostsAndDatabase();
  }

  /** Every secret these settings carry, for redaction. */
  public List<String> secrets() {
    List<String> secrets = new ArrayList<>();
    if (password != null) {
      secrets.add(password);
    }
    for (String key : JdbcUrl.SECRET_PARAMETERS) {
      url.parameter(key).ifPresent(secrets::add);
    }
    return secrets;
  }

  @Override
  public String toString() {
    return "ConnectionSettings[" + target() + "]";
  }
}
