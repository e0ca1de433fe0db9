package dev.schemagate.operator.migration;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Kubernetes timestamps (RFC 3339 strings in the API objects). */
public final class KubeTime {

  private KubeTime() {}

  /** The instant of an RFC 3339 timestamp, or null when absent or unreadable. */
  public static Instant parse(String timestamp) {
    if (timestamp == null || timestamp.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(timestamp, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** RFC 3339 in UTC with second precision, as the API server writes timestamps. */
  public static String format(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
