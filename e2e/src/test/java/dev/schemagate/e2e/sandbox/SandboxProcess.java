package dev.schemagate.e2e.sandbox;

import dev.schemagate.e2e.testutil.E2e;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged sandbox jar run as the README says: {@code java -jar ...} from the repository root.
 */
final class SandboxProcess implements AutoCloseable {

  private final Process process;
  private final StringBuilder output = new StringBuilder();
  private final Thread reader;

  private SandboxProcess(Process process) {
    this.process = process;
    this.reader =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try (BufferedReader lines =
                      new BufferedReader(
                          new InputStreamReader(
                              process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                      synchronized (output) {
                        output.append(line).append('\n');
                      }
                    }
                  } catch (IOException e) {
                    // the process ended
                  }
                });
  }

  static SandboxProcess start(Path workDirectory, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar().toString());
    command.add("--work-dir");
    command.add(workDirectory.toString());
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .directory(E2e.repoRoot().toFile())
            .redirectErrorStream(true)
            .start();
    return new SandboxProcess(process);
  }

  static Path jar() {
    return Path.of(
        System.getProperty(
            "schemagate.sandbox.jar",
            E2e.repoRoot().resolve("e2e/target/schemagate-sandbox.jar").toString()));
  }

  String output() {
    synchronized (output) {
      return output.toString();
    }
  }

  /** Waits for the exit; -1 if it did not end in time. */
  int waitFor(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      return -1;
    }
    reader.join(5000);
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy(); // SIGTERM, as Ctrl-C would stop it
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
