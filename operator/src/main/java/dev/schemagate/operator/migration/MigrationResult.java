package dev.schemagate.operator.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * The part of the migrator's JSON result (its termination message) that explains a failure: {@code
 * {"status":"failed", ..., "failure":{"version":"3","file":"V3__x.sql","sqlState":"42P01",
 * "message":"...","position":12}}}. Unknown and missing fields are tolerated; anything that is not
 * such a JSON object is not a result.
 *
 * @param status "succeeded", "failed", ... as the migrator wrote it
 * @param version version of the failing migration, or null
 * @param file file name of the failing migration, or null
 * @param sqlState SQLSTATE of the failing statement, or null
 * @param message the database's (or the migrator's) error message, or null
 * @param position position of the error in the statement, or null
 */
public record MigrationResult(
    String status, String version, String file, String sqlState, String message, Integer position) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The result in a termination message: the whole text, or else its last non-blank line. */
  public static Optional<MigrationResult> parse(String terminationMessage) {
    if (terminationMessage == null || terminationMessage.isBlank()) {
      return Optional.empty();
    }
    Optional<MigrationResult> whole = parseJson(terminationMessage.strip());
    if (whole.isPresent()) {
      return whole;
    }
    // With FallbackToLogsOnError the message may be the log's end, whose last line is the result.
    String[] lines = terminationMessage.strip().split("\\R");
    return parseJson(lines[lines.length - 1].strip());
  }

  /** The failing migration as users know it: the file name, else the version. */
  public String migration() {
    return file != null ? file : version;
  }

  private static Optional<MigrationResult> parseJson(String text) {
    if (!text.startsWith("{")) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (Exception notJson) {
      return Optional.empty();
    }
    if (root == null || !root.isObject() || !root.hasNonNull("status")) {
      return Optional.empty();
    }
    JsonNode failure = root.path("failure");
    return Optional.of(
        new MigrationResult(
            root.path("status").asText(),
            text(failure, "version"),
            text(failure, "file"),
            text(failure, "sqlState"),
            text(failure, "message"),
            failure.path("position").canConvertToInt()
                ? Integer.valueOf(failure.path("position").asInt())
                : null));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isValueNode() && !value.isNull() ? value.asText() : null;
  }
}
