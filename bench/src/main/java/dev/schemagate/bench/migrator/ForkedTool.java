package dev.schemagate.bench.migrator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a tool in a new JVM for every call, as a Kubernetes Job would: the time then includes JVM
 * start, class loading and a cold JIT, which an in-process run after a warm-up does not pay.
 */
public final class ForkedTool implements MigrationTool {

  static final String PASSWORD_ENV = "SCHEMAGATE_BENCH_TOOL_PASSWORD";

  private final MigrationTool tool;
  private final List<String> jvmFlags;
  private final Path logFile;

  public ForkedTool(MigrationTool tool, List<String> jvmFlags, Path logFile) {
    this.tool = tool;
    this.jvmFlags = List.copyOf(jvmFlags);
    this.logFile = logFile;
  }

  @Override
  public String name() {
    return tool.name();
  }

  @Override
  public String historyTable() {
    return tool.historyTable();
  }

  @Override
  public void migrate(String jdbcUrl, String user, String password, Path dir) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvmFlags);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            SingleRun.class.getName(),
            tool.name(),
            jdbcUrl,
            user,
            dir.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    // The password travels in the environment, never on a command line that ps could show.
    builder.environment().put(PASSWORD_ENV, password);
    try {
      int exit = builder.start().waitFor();
      if (exit != 0) {
        throw new IllegalStateException(tool.name() + " in a new JVM exited with " + exit);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot start a JVM for " + tool.name(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
