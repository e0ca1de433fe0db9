package dev.schemagate.migrator.lock;

import java.time.OffsetDateTime;

/** A session that holds the migration lock, as far as {@code pg_stat_activity} shows it. */
public record LockHolder(
    int pid, String applicationName, String clientAddress, String user, OffsetDateTime since) {

  /** {@code pid 4711 (application schemagate-migrator, client 10.0.0.7, user app)}. */
  public String describe() {
    StringBuilder out = new StringBuilder("pid ").append(pid).append(" (application ");
    out.append(applicationName == null || applicationName.isEmpty() ? "unknown" : applicationName);
    out.append(", client ")
        .append(clientAddress == null ? "local socket or hidden" : clientAddress);
    if (user != null) {
      out.append(", user ").append(user);
    }
    if (since != null) {
      out.append(", connected since ").append(since.withNano(0));
    }
    return out.append(')').toString();
  }
}
