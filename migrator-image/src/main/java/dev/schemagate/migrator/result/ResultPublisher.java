package dev.schemagate.migrator.result;

import dev.schemagate.migrator.config.SecretRedactor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a result: one JSON line on stdout, and the same JSON (at most 4 KiB) in the
 * termination-message file Kubernetes reads when the container ends: {@code
 * SCHEMAGATE_TERMINATION_LOG} when set, else {@code /dev/termination-log} when it is writable.
 * Everything passes the secret redactor on the way out.
 */
public final class ResultPublisher {

  /** Overrides where the termination message is written. */
  public static final String TERMINATION_LOG_ENV = "SCHEMAGATE_TERMINATION_LOG";

  /** Kubernetes' default {@code terminationMessagePath}. */
  public static final Path KUBERNETES_TERMINATION_LOG = Path.of("/dev/termination-log");

  private static final Logger LOG = LoggerFactory.getLogger(ResultPublisher.class);

  /** Whether this process has written a result; see {@link #publishIfNothingWasPublished}. */
  private static final AtomicBoolean PUBLISHED = new AtomicBoolean();

  private final Map<String, String> env;
  private final PrintStream out;

  public ResultPublisher(Map<String, String> env, PrintStream out) {
    this.env = env;
    this.out = out;
  }

  /** Prints {@code result} on stdout and writes it to the termination-message file. */
  public void publish(RunResult result, SecretRedactor redactor) {
    synchronized (PUBLISHED) {
      PUBLISHED.set(true);
      printLine(ResultJson.toJson(result), redactor);
      writeTerminationMessage(result, redactor);
    }
  }

  /** Prints one line on stdout. */
  public void printLine(String line, SecretRedactor redactor) {
    out.println(redactor.redact(line));
    out.flush();
  }

  /** Writes {@code result} to the termination-message file, when there is one. */
  public void writeTerminationMessage(RunResult result, SecretRedactor redactor) {
    PUBLISHED.set(true);
    Optional<Path> file = terminationLog();
    if (file.isEmpty()) {
      return;
    }
    String json = ResultJson.toJson(result, ResultJson.TERMINATION_MESSAGE_LIMIT, redactor::redact);
    try {
      Files.writeString(file.get(), json, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not write the termination message to {}: {}", file.get(), e.toString());
    }
  }

  /**
   * For a process that is being stopped (SIGTERM, e.g. when a Job's deadline passes) before it
   * published a result: publishes one that says so. Should the run still publish its own before the
   * JVM halts, that one follows and replaces it.
   */
  public void publishIfNothingWasPublished(RunResult result) {
    synchronized (PUBLISHED) {
      if (!PUBLISHED.get()) {
        publish(result, SecretRedactor.none());
      }
    }
  }

  /** Waits up to {@code timeout} for a result to be published; returns whether one was. */
  public boolean awaitPublished(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!PUBLISHED.get() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return PUBLISHED.get();
      }
    }
    return PUBLISHED.get();
  }

  private Optional<Path> terminationLog() {
    String configured = env.get(TERMINATION_LOG_ENV);
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured.strip()));
    }
    return Files.isWritable(KUBERNETES_TERMINATION_LOG)
        ? Optional.of(KUBERNETES_TERMINATION_LOG)
        : Optional.empty();
  }
}
