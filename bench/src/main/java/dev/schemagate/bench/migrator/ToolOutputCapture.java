package dev.schemagate.bench.migrator;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Sends what the tools print (log lines, the migrator's JSON result) to one log file while they
 * run, so both pay the same price for their console output and the report stays readable. Console
 * appenders of the logging frameworks write to the current {@code System.out}, so swapping the
 * stream is enough.
 */
public final class ToolOutputCapture {

  private final Path logFile;
  private final boolean passThrough;

  public ToolOutputCapture(Path logFile, boolean passThrough) {
    this.logFile = logFile;
    this.passThrough = passThrough;
  }

  public Path logFile() {
    return logFile;
  }

  /** Runs {@code action} with stdout and stderr going to the log file (unless passing through). */
  public void run(Runnable action) {
    if (passThrough) {
      action.run();
      return;
    }
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    try (PrintStream log =
        new PrintStream(
            new BufferedOutputStream(new FileOutputStream(logFile.toFile(), true), 1 << 16),
            false,
            StandardCharsets.UTF_8)) {
      System.setOut(log);
      System.setErr(log);
      try {
        action.run();
      } finally {
        System.setOut(originalOut);
        System.setErr(originalErr);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + logFile, e);
    }
  }
}
