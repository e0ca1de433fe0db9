package dev.schemagate.migrator.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints durations such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code PT1H}. */
public final class Durations {

  private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses {@code text}: a whole number with a unit ({@code ms}, {@code s}, {@code m}, {@code h},
   * {@code d}), an ISO-8601 duration, or {@code 0}/{@code off} for "none".
   *
   * @param what the option, for the error message
   */
  public static Duration parse(String text, String what) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    if (value.equals("0") || value.equals("off") || value.equals("none")) {
      return Duration.ZERO;
    }
    Matcher m = SIMPLE.matcher(value);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    if (value.startsWith("p")) {
      try {
        Duration d = Duration.parse(value.toUpperCase(Locale.ROOT));
        if (!d.isNegative()) {
          return d;
        }
      } catch (DateTimeParseException e) {
        // fall through to the message below
      }
    }
    throw new ConfigurationException(
        what + ": cannot read '" + text + "' as a duration; use e.g. 500ms, 30s, 5m, 1h or PT5M");
  }

  /** A short form: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h30m}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0";
    }
    if (d.toMillis() < 1000 || d.toMillisPart() != 0) {
      return d.toMillis() + "ms";
    }
    StringBuilder out = new StringBuilder();
    if (d.toHours() > 0) {
      out.append(d.toHours()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      out.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0) {
      out.append(d.toSecondsPart()).append('s');
    }
    return out.toString();
  }
}
