package dev.schemagate.operator.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogTailTest {

  @Test
  void shortLogsAreKeptWhole() {
    assertThat(LogTail.bound("line 1\nline 2\n")).isEqualTo("line 1\nline 2");
    assertThat(LogTail.bound("")).isNull();
    assertThat(LogTail.bound(null)).isNull();
  }

  @Test
  void longLogsKeepTheirEndFromALineBoundary() {
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      log.append("line ").append(i).append('\n');
    }
    String tail = LogTail.bound(log.toString());
    assertThat(tail.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2048);
    assertThat(tail).startsWith("line ").endsWith("line 499");
  }

  @Test
  void neverSplitsACharacter() {
    String tail = LogTail.bound("é".repeat(3000), 2047);
    assertThat(tail).matches("é+");
    assertThat(tail.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2047);
  }

  @Test
  void aSingleHugeLineIsCutRatherThanDropped() {
    String tail = LogTail.bound("x".repeat(5000));
    assertThat(tail).hasSize(2048);
  }
}
