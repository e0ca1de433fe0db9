package dev.schemagate.migrator.result;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.schemagate.migrator.plan.ValidationProblem;
import dev.schemagate.migrator.run.MigrationFailure;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Writes a {@link RunResult} as one line of JSON (with Jackson's streaming generator, which is
 * cheap to start). The termination-message form fits in a byte budget (Kubernetes keeps at most
 * 4096 bytes) by shortening long texts and lists step by step, so it is always complete, valid
 * JSON.
 */
public final class ResultJson {

  /** The most Kubernetes keeps of a termination message. */
  public static final int TERMINATION_MESSAGE_LIMIT = 4096;

  private static final JsonFactory JSON = new JsonFactory();

  /** How much of each part to keep; {@link Integer#MAX_VALUE} keeps everything. */
  private record Budget(int textLength, int appliedVersions, int problems) {}

  private static final List<Budget> BUDGETS =
      List.of(
          new Budget(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE),
          new Budget(1000, Integer.MAX_VALUE, Integer.MAX_VALUE),
          new Budget(1000, 50, 10),
          new Budget(400, 20, 5),
          new Budget(200, 10, 3),
          new Budget(100, 3, 1),
          new Budget(60, 0, 0));

  private ResultJson() {}

  /** The full result. */
  public static String toJson(RunResult result) {
    return write(result, BUDGETS.getFirst());
  }

  /**
   * The result shortened, if needed, to at most {@code maxBytes} bytes of UTF-8 after {@code
   * filter} (the secret redactor) has been applied.
   */
  public static String toJson(RunResult result, int maxBytes, UnaryOperator<String> filter) {
    for (Budget budget : BUDGETS) {
      String json = filter.apply(write(result, budget));
      if (json.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
        return json;
      }
    }
    return "{\"status\":\"" + result.status().label() + "\",\"truncated\":true}";
  }

  private static String write(RunResult result, Budget budget) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("status", result.status().label());
      json.writeStringField("command", result.command());
      List<String> versions = result.applied();
      int keep = Math.min(versions.size(), budget.appliedVersions());
      json.writeArrayFieldStart("applied");
      // Keep the newest: they tell where the run stopped.
      for (String version : versions.subList(versions.size() - keep, versions.size())) {
        json.writeString(version);
      }
      json.writeEndArray();
      if (keep < versions.size()) {
        json.writeBooleanField("appliedTruncated", true);
      }
      json.writeNumberField("appliedCount", versions.size());
      if (result.pendingCount() != null) {
        json.writeNumberField("pendingCount", result.pendingCount());
      }
      json.writeNumberField("durationMs", result.durationMs());
      text(json, "schema", result.schema(), budget);
      text(json, "target", result.target(), budget);
      text(json, "message", result.message(), budget);
      if (result.failure() != null) {
        failure(json, result.failure(), budget);
      }
      if (!result.problems().isEmpty()) {
        problems(json, result.problems(), budget);
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a string cannot fail", e);
    }
    return out.toString();
  }

  private static void failure(JsonGenerator json, MigrationFailure failure, Budget budget)
      throws IOException {
    json.writeObjectFieldStart("failure");
    text(json, "version", failure.version(), budget);
    text(json, "file", failure.file(), budget);
    text(json, "sqlState", failure.sqlState(), budget);
    text(json, "message", failure.message(), budget);
    if (failure.position() != null) {
      json.writeNumberField("position", failure.position());
      json.writeNumberField("line", failure.line());
      json.writeNumberField("column", failure.column());
    }
    text(json, "detail", failure.detail(), budget);
    text(json, "hint", failure.hint(), budget);
    text(json, "where", failure.where(), budget);
    text(json, "relation", failure.relation(), budget);
    json.writeEndObject();
  }

  private static void problems(JsonGenerator json, List<ValidationProblem> all, Budget budget)
      throws IOException {
    json.writeArrayFieldStart("problems");
    for (ValidationProblem problem : all.subList(0, Math.min(all.size(), budget.problems()))) {
      writeProblem(json, problem, budget.textLength());
    }
    json.writeEndArray();
    if (budget.problems() < all.size()) {
      json.writeBooleanField("problemsTruncated", true);
    }
  }

  /** Writes one problem object; shared with {@code info --json}. */
  public static void writeProblem(JsonGenerator json, ValidationProblem problem, int maxText)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("kind", problem.kind());
    json.writeStringField("version", cut(problem.version(), maxText));
    json.writeArrayFieldStart("files");
    for (String file : problem.files()) {
      json.writeString(cut(file, maxText));
    }
    json.writeEndArray();
    json.writeStringField("message", cut(problem.message(), maxText));
    json.writeEndObject();
  }

  private static void text(JsonGenerator json, String field, String value, Budget budget)
      throws IOException {
    if (value != null) {
      json.writeStringField(field, cut(value, budget.textLength()));
    }
  }

  /** {@code text} cut to at most {@code max} code points (never inside a surrogate pair). */
  static String cut(String text, int max) {
    if (max == Integer.MAX_VALUE || text.codePointCount(0, text.length()) <= max) {
      return text;
    }
    int end = text.offsetByCodePoints(0, Math.max(0, max - 3));
    return text.substring(0, end) + "...";
  }
}
