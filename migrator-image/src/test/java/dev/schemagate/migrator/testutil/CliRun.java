package dev.schemagate.migrator.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one migrator run printed: exit code, stdout, stderr and the termination-message file.
 *
 * @param terminationMessage the file's content, or null when none was written
 */
public record CliRun(int exitCode, String stdout, String stderr, String terminationMessage) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The result JSON: stdout's last line. */
  public JsonNode result() {
    String[] lines = stdout.strip().split("\n");
    return parse(lines[lines.length - 1]);
  }

  /** The termination message parsed as JSON. */
  public JsonNode terminationResult() {
    return parse(terminationMessage);
  }

  /** Everything the run wrote anywhere, for leak checks. */
  public String everything() {
    return stdout + "\n" + stderr + "\n" + terminationMessage;
  }

  static String readIfPresent(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
  }
}
