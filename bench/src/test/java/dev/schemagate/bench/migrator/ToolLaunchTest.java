package dev.schemagate.bench.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolLaunchTest {

  @TempDir Path dir;

  private final RunTarget target =
      new RunTarget("jdbc:postgresql://db/bench", "app", "sentinel-secret", "bench_migrator_1");

  private ToolLaunch launch(String tool) throws IOException {
    Path jar = Files.createFile(dir.resolve(tool + ".jar"));
    return ToolLaunch.of(tool, jar, jar, jar);
  }

  @Test
  void theMigratorRunsFromItsJarWithThePasswordInPgpassword() throws IOException {
    ToolLaunch.Command command = launch("migrator").command(target, Path.of("/m"));
    assertThat(command.arguments())
        .startsWith("-jar")
        .containsSequence("migrate", "--url", "jdbc:postgresql://db/bench")
        .containsSequence("--schema", "bench_migrator_1")
        .containsSequence("--dir", "/m")
        .containsSequence("--user", "app")
        .doesNotContain("sentinel-secret", "--password");
    assertThat(command.passwordVariable()).isEqualTo("PGPASSWORD");
  }

  @Test
  void flywayRunsFromItsOwnClassPathWithTheRunnerAsMain() throws IOException {
    ToolLaunch.Command command = launch("Flyway").command(target, Path.of("/m"));
    assertThat(command.arguments())
        .startsWith("-cp")
        .contains("dev.schemagate.bench.flyway.FlywayRunner", "bench_migrator_1", "/m")
        .doesNotContain("sentinel-secret");
  }

  @Test
  void aMissingJarNamesTheBuildStep() {
    assertThatThrownBy(
            () ->
                ToolLaunch.of(
                    "Flyway",
                    dir.resolve("a.jar"),
                    dir.resolve("absent.jar"),
                    dir.resolve("c.jar")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absent.jar")
        .hasMessageContaining("./mvnw");
  }
}
