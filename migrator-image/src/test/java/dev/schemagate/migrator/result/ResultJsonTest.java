package dev.schemagate.migrator.result;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.schemagate.migrator.plan.ValidationProblem;
import dev.schemagate.migrator.run.MigrationFailure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ResultJsonTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static RunResult failed(String message, int appliedCount) {
    List<String> applied =
        IntStream.rangeClosed(1, appliedCount).mapToObj(Integer::toString).toList();
    MigrationFailure failure =
        new MigrationFailure(
            "7", "V7__x.sql", "42P01", message, 12, 2, 3, "detail", null, null, null);
    return new RunResult(
        "migrate",
        ResultStatus.FAILED,
        applied,
        4,
        1234,
        "public",
        "app@db:5432/shop",
        "migration failed",
        failure,
        List.of());
  }

  @Test
  void successLooksAsDocumented() throws Exception {
    RunResult result =
        new RunResult(
            "migrate",
            ResultStatus.SUCCESS,
            List.of("1", "1.1"),
            0,
            42,
            "public",
            "app@db:5432/shop",
            null,
            null,
            List.of());
    assertThat(ResultJson.toJson(result))
        .isEqualTo(
            "{\"status\":\"success\",\"command\":\"migrate\",\"applied\":[\"1\",\"1.1\"],"
                + "\"appliedCount\":2,\"pendingCount\":0,\"durationMs\":42,\"schema\":\"public\","
                + "\"target\":\"app@db:5432/shop\"}");
  }

  @Test
  void failureCarriesVersionFileSqlStateMessageAndPosition() throws Exception {
    JsonNode json = MAPPER.readTree(ResultJson.toJson(failed("relation \"x\" does not exist", 2)));
    assertThat(json.get("status").asText()).isEqualTo("failed");
    JsonNode failure = json.get("failure");
    assertThat(failure.get("version").asText()).isEqualTo("7");
    assertThat(failure.get("file").asText()).isEqualTo("V7__x.sql");
    assertThat(failure.get("sqlState").asText()).isEqualTo("42P01");
    assertThat(failure.get("message").asText()).isEqualTo("relation \"x\" does not exist");
    assertThat(failure.get("position").asInt()).isEqualTo(12);
    assertThat(failure.get("line").asInt()).isEqualTo(2);
    assertThat(failure.get("column").asInt()).isEqualTo(3);
    assertThat(failure.has("hint")).isFalse();
  }

  @Test
  void terminationMessageFitsInFourKibibytesAndStaysValidJson() throws Exception {
    String huge = "é🙂\"\\".repeat(3000);
    List<ValidationProblem> problems = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      problems.add(
          new ValidationProblem("checksum-mismatch", "" + i, List.of("V" + i + "__x.sql"), huge));
    }
    RunResult[] results = {
      failed(huge, 5000),
      new RunResult(
          "migrate",
          ResultStatus.VALIDATION_FAILED,
          List.of(),
          3,
          1,
          "s",
          "t",
          huge,
          null,
          problems)
    };
    for (RunResult result : results) {
      String json = ResultJson.toJson(result, 4096, UnaryOperator.identity());
      assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
      JsonNode node = MAPPER.readTree(json);
      assertThat(node.get("status").asText()).isEqualTo(result.status().label());
      assertThat(node.get("appliedCount").asInt()).isEqualTo(result.applied().size());
    }
    JsonNode truncated =
        MAPPER.readTree(ResultJson.toJson(results[0], 4096, UnaryOperator.identity()));
    assertThat(truncated.get("appliedTruncated").asBoolean()).isTrue();
    assertThat(truncated.get("applied").get(truncated.get("applied").size() - 1).asText())
        .isEqualTo("5000");
    assertThat(truncated.get("failure").get("version").asText()).isEqualTo("7");
  }

  @Test
  void smallResultsAreNotShortened() {
    RunResult result = failed("short", 3);
    assertThat(ResultJson.toJson(result, 4096, UnaryOperator.identity()))
        .isEqualTo(ResultJson.toJson(result));
  }

  @Test
  void budgetIsMeasuredAfterRedaction() {
    RunResult result = failed("x".repeat(3800), 1);
    String json = ResultJson.toJson(result, 4096, s -> s.replace("x", "xx"));
    assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
  }

  @Test
  void cutsOnCodePointBoundaries() {
    assertThat(ResultJson.cut("🙂🙂🙂🙂🙂", 4)).isEqualTo("🙂...");
    assertThat(ResultJson.cut("abc", 3)).isEqualTo("abc");
  }
}
