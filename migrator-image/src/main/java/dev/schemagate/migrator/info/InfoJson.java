package dev.schemagate.migrator.info;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.schemagate.migrator.history.AppliedMigration;
import dev.schemagate.migrator.plan.MigrationPlan;
import dev.schemagate.migrator.plan.PlannedMigration;
import dev.schemagate.migrator.plan.ValidationProblem;
import dev.schemagate.migrator.result.ResultJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** Renders a plan as one line of JSON for {@code info --json}. Pure. */
public final class InfoJson {

  private static final JsonFactory JSON = new JsonFactory();

  private InfoJson() {}

  /** The plan as JSON: status, schema, counts, every version and every problem. */
  public static String render(MigrationPlan plan, String schema, String target, long durationMs) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("status", "success");
      json.writeStringField("command", "info");
      json.writeStringField("schema", schema);
      json.writeStringField("target", target);
      json.writeNumberField("pendingCount", plan.pending().size());
      json.writeNumberField("durationMs", durationMs);
      json.writeArrayFieldStart("migrations");
      for (PlannedMigration entry : plan.entries()) {
        migration(json, entry);
      }
      json.writeEndArray();
      json.writeArrayFieldStart("problems");
      for (ValidationProblem problem : plan.problems()) {
        ResultJson.writeProblem(json, problem, Integer.MAX_VALUE);
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a string cannot fail", e);
    }
    return out.toString();
  }

  private static void migration(JsonGenerator json, PlannedMigration entry) throws IOException {
    json.writeStartObject();
    json.writeStringField("version", entry.version());
    json.writeStringField("description", entry.description());
    json.writeStringField("script", entry.script());
    json.writeStringField("type", entry.type());
    json.writeStringField("state", entry.state().label());
    if (entry.file().isPresent()) {
      json.writeStringField("checksum", entry.file().get().checksum());
    }
    if (entry.applied().isPresent()) {
      AppliedMigration applied = entry.applied().get();
      if (applied.appliedAt() != null) {
        json.writeStringField("appliedAt", applied.appliedAt().toInstant().toString());
      }
      json.writeNumberField("executionMs", applied.executionMs());
      json.writeStringField("appliedBy", applied.appliedBy());
      json.writeStringField("appliedChecksum", applied.checksum());
    }
    json.writeEndObject();
  }
}
