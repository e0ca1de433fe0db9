package dev.schemagate.operator.migration;

/** Names of migration Jobs. */
public final class MigrationJobNames {

  /**
   * A Job name becomes the value of the {@code job-name} label on its pods, and label values are at
   * most 63 characters.
   */
  public static final int MAX_LENGTH = 63;

  private MigrationJobNames() {}

  /** {@code <migration name, truncated>-<8 hex>}, at most 63 characters. */
  public static String forRun(String migrationName, RunHash hash) {
    String suffix = "-" + hash.shortHash();
    String prefix = migrationName;
    int room = MAX_LENGTH - suffix.length();
    if (prefix.length() > room) {
      prefix = prefix.substring(0, room);
    }
    // A DNS name must end with an alphanumeric; the cut may have left a '-' or '.' before ours.
    int end = prefix.length();
    while (end > 0 && !Character.isLetterOrDigit(prefix.charAt(end - 1))) {
      end--;
    }
    return prefix.substring(0, end) + suffix;
  }
}
