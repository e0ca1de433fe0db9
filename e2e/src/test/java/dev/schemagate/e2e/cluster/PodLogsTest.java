package dev.schemagate.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodLogsTest {

  @Test
  void tailLinesAndLimitBytes(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("log"), "a\nb\nc\n");
    PodLogs logs = new PodLogs();
    logs.register("shop", "p", file);
    assertThat(logs.read("shop", "p", null, null)).contains("a\nb\nc\n");
    assertThat(logs.read("shop", "p", 2, null)).contains("b\nc\n");
    assertThat(logs.read("shop", "p", 0, null)).contains("");
    assertThat(logs.read("shop", "p", null, 3)).contains("a\nb");
    assertThat(logs.read("shop", "other", null, null)).isEmpty();
    assertThat(PodLogs.tail("x\ny", 1)).isEqualTo("y\n");
  }
}
