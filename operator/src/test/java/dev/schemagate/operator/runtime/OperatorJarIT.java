package dev.schemagate.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged jar runs with {@code java -jar} and documents its settings. */
class OperatorJarIT {

  static final Path JAR = Path.of("target", "schemagate-operator.jar");

  @Test
  void helpListsEverySetting() throws Exception {
    assertThat(JAR).exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process =
        new ProcessBuilder(java, "-jar", JAR.toString(), "--help")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    for (Setting setting : Setting.values()) {
      assertThat(output).contains(setting.variable());
    }
  }

  @Test
  void badSettingsExitWithUsageError() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(java, "-jar", JAR.toString()).redirectErrorStream(true);
    builder.environment().put("SCHEMAGATE_HTTP_PORT", "not-a-port");
    builder.environment().put("SCHEMAGATE_LOG_FORMAT", "xml");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(output).contains("SCHEMAGATE_HTTP_PORT").contains("SCHEMAGATE_LOG_FORMAT");
    assertThat(Files.exists(JAR)).isTrue();
  }
}
