package dev.schemagate.migrator.cli;

import dev.schemagate.migrator.logging.LogSetup;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/**
 * Start-up work that does not depend on the command line, done on a second thread while picocli
 * builds its model and parses the arguments on the main one: logback's initialization, the
 * PostgreSQL driver's class initialization and the routing of its {@code java.util.logging} output,
 * and the JDK's security providers (the files' SHA-256 need them). In a new JVM on two cores this
 * takes about 30 ms off every run; with one core it costs a thread start.
 *
 * <p>SLF4J hands out stand-in loggers to any thread that asks while another thread initializes it,
 * and later replays what they logged with a warning on stderr. So the main thread must not touch
 * SLF4J before {@link #awaitLogging()}: commands look their loggers up lazily, and the places that
 * log first (a command's {@code call}, a usage error, the shutdown hook) wait here first. Class
 * initialization of the driver is thread-safe by itself.
 */
final class ParallelStartup {

  private static final CountDownLatch LOGGING_READY = new CountDownLatch(1);
  private static volatile boolean begun;

  private ParallelStartup() {}

  /** Starts the work; for {@code main} only (an embedding JVM has done it already). */
  static void begin() {
    begun = true;
    Thread.ofPlatform().daemon().name("schemagate-startup").start(ParallelStartup::run);
  }

  /** Returns once logging is initialized, when {@link #begin} started that; at once otherwise. */
  static void awaitLogging() {
    if (!begun) {
      return;
    }
    try {
      LOGGING_READY.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void run() {
    try {
      LoggerFactory.getILoggerFactory();
    } finally {
      LOGGING_READY.countDown();
    }
    try {
      Class.forName("org.postgresql.Driver");
      LogSetup.routeDriverLogging();
      MessageDigest.getInstance("SHA-256");
    } catch (ReflectiveOperationException | GeneralSecurityException | LinkageError e) {
      // Whoever needs them later reports the problem where it matters.
    }
  }
}
