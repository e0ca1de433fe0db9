package dev.schemagate.migrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.schemagate.migrator.testutil.MigratorJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without {@code --log-format} the logs are text when stderr is a terminal and JSON otherwise,
 * whatever stdin and stdout are. A real terminal comes from util-linux's {@code script}, which runs
 * the migrator on a pseudo-terminal; the test is skipped where it is missing.
 */
class LogFormatIT {

  private static final Path SCRIPT = Path.of("/usr/bin/script");

  @TempDir Path temp;

  @Test
  void textWhenStderrIsATerminalEvenIfStdoutIsPiped() throws Exception {
    String output = onTerminal(migratorFailingToConnect() + " | cat");
    assertThat(output).containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR ");
    assertThat(output).doesNotContain("\"level\":\"ERROR\"");
  }

  @Test
  void jsonWhenStderrIsAFileEvenIfStdinAndStdoutAreTheTerminal() throws Exception {
    Path log = temp.resolve("stderr.log");
    onTerminal(migratorFailingToConnect() + " 2>" + log);
    assertThat(Files.readString(log)).contains("\"level\":\"ERROR\"");
  }

  /** {@code validate} against a port nothing listens on: one ERROR log line, exit 2. */
  private String migratorFailingToConnect() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("migrations"));
    List<String> command =
        MigratorJar.command(
                "validate",
                "--url",
                "jdbc:postgresql://127.0.0.1:1/x",
                "--connect-timeout",
                "0",
                "--dir",
                dir.toString())
            .command();
    return command.stream().map(arg -> "'" + arg + "'").collect(Collectors.joining(" "));
  }

  private String onTerminal(String shellCommand) throws Exception {
    assumeTrue(Files.isExecutable(SCRIPT), "needs util-linux's script for a pseudo-terminal");
    Path transcript = temp.resolve("transcript");
    Process process =
        new ProcessBuilder(SCRIPT.toString(), "-qec", shellCommand, "/dev/null")
            .redirectOutput(transcript.toFile())
            .redirectErrorStream(true)
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the migrator finished").isTrue();
    return Files.readString(transcript);
  }
}
