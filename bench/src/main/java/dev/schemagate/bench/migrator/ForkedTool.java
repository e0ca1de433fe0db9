package dev.schemagate.bench.migrator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a tool in a new JVM for every call, started the way its users start it (see {@link
 * ToolLaunch}), as a Kubernetes Job would: the time then includes JVM start, class loading and a
 * cold JIT, which an in-process run after a warm-up does not pay.
 *
 * <p>With an AppCDS archive, an untimed {@link #train training run} first records the classes the
 * tool loads ({@code -XX:ArchiveClassesAtExit}); the timed runs then map them from the archive
 * ({@code -XX:SharedArchiveFile}), as the migrator's container image does with its own archive.
 */
public final class ForkedTool implements MigrationTool {

  private final MigrationTool tool;
  private final ToolLaunch launch;
  private final List<String> jvmFlags;
  private final Path archive;
  private final Path logFile;

  /**
   * @param archive the tool's AppCDS archive, or null to run without one
   */
  public ForkedTool(
      MigrationTool tool, ToolLaunch launch, List<String> jvmFlags, Path archive, Path logFile) {
    this.tool = tool;
    this.launch = launch;
    this.jvmFlags = List.copyOf(jvmFlags);
    this.archive = archive;
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

  /** Whether this tool runs with an AppCDS archive, which {@link #train} must write first. */
  public boolean usesArchive() {
    return archive != null;
  }

  /** The JVM flags of the timed runs, for the report. */
  public List<String> describeFlags() {
    List<String> flags = new ArrayList<>(jvmFlags);
    if (archive != null) {
      flags.add("-XX:SharedArchiveFile=" + archive.getFileName());
    }
    return flags;
  }

  /** What follows the flags on the command line, for the report. */
  public String describeLaunch() {
    return launch.describe();
  }

  /** Runs the tool once, untimed, recording the classes it loads into its AppCDS archive. */
  public void train(RunTarget target, Path dir) {
    try {
      Files.deleteIfExists(archive);
    } catch (IOException e) {
      throw new IllegalStateException("cannot replace " + archive, e);
    }
    run(target, dir, "-XX:ArchiveClassesAtExit=" + archive);
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException(
          "the training run of " + name() + " wrote no AppCDS archive; see " + logFile);
    }
  }

  @Override
  public void migrate(RunTarget target, Path dir) {
    run(target, dir, archive == null ? null : "-XX:SharedArchiveFile=" + archive);
  }

  private void run(RunTarget target, Path dir, String archiveFlag) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvmFlags);
    if (archiveFlag != null) {
      command.add(archiveFlag);
    }
    ToolLaunch.Command launched = launch.command(target, dir);
    command.addAll(launched.arguments());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    // The password travels in the environment, never on a command line that ps could show.
    builder.environment().put(launched.passwordVariable(), target.password());
    try {
      int exit = builder.start().waitFor();
      if (exit != 0) {
        throw new IllegalStateException(
            tool.name() + " in a new JVM exited with " + exit + "; see " + logFile);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot start a JVM for " + tool.name(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
