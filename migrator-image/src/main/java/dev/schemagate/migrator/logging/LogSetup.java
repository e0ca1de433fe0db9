package dev.schemagate.migrator.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.schemagate.migrator.config.SecretRedactor;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.logging.Handler;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Configures logback in code for one run: every log line to the given stderr stream, as text or as
 * JSON lines (logback's own {@link JsonEncoder}), through the {@link RedactingEncoder}. Replaces
 * whatever the previous run (or logback's default) set up, so repeated in-process runs do not pile
 * up appenders.
 */
public final class LogSetup {

  private static final String APPENDER_NAME = "schemagate-stderr";

  /** The embedded PostgreSQL of {@code check}: chatty, and its failures are reported by the run. */
  private static final String[] QUIET_LOGGERS = {"io.zonky"};

  /**
   * The PostgreSQL driver logs through {@code java.util.logging}, whose default handler writes to
   * the process's stderr, past the redacting encoder and the chosen format (a malformed URL, for
   * one, was logged whole). Its warnings and errors go through logback instead; held here because
   * {@code java.util.logging} keeps its loggers only weakly.
   */
  private static final java.util.logging.Logger DRIVER_LOG =
      java.util.logging.Logger.getLogger("org.postgresql");

  /**
   * What the current appender was set up with; a run with the same setup reuses it. A plain class
   * rather than a record: a record's {@code equals} is bootstrapped through {@code invokedynamic}
   * on first use, which costs a new JVM more than all of this setup.
   */
  private static final class Setup {
    private final LogFormat format;
    private final PrintStream err;
    private final SecretRedactor redactor;
    private final boolean debug;

    Setup(LogFormat format, PrintStream err, SecretRedactor redactor, boolean debug) {
      this.format = format;
      this.err = err;
      this.redactor = redactor;
      this.debug = debug;
    }

    boolean sameAs(Setup other) {
      return other != null
          && format == other.format
          && err == other.err
          && debug == other.debug
          && redactor.equals(other.redactor);
    }
  }

  private static Setup current;

  private LogSetup() {}

  /** Routes all logging to {@code err} in {@code format}. */
  public static synchronized void configure(
      LogFormat format, PrintStream err, SecretRedactor redactor, boolean debug) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return; // another SLF4J binding is in charge when embedded; leave it alone
    }
    Setup wanted = new Setup(format, err, redactor, debug);
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (wanted.sameAs(current) && root.getAppender(APPENDER_NAME) != null) {
      return;
    }
    current = wanted;
    Encoder<ILoggingEvent> encoder =
        new RedactingEncoder(
            format == LogFormat.JSON ? jsonEncoder(context) : textEncoder(context), redactor);
    encoder.setContext(context);
    encoder.start();

    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setName(APPENDER_NAME);
    appender.setEncoder(encoder);
    appender.setImmediateFlush(true);
    appender.setOutputStream(new KeepOpen(err));
    appender.start();

    root.detachAndStopAllAppenders();
    root.addAppender(appender);
    root.setLevel(Level.INFO);
    context.getLogger("dev.schemagate").setLevel(debug ? Level.DEBUG : Level.INFO);
    for (String name : QUIET_LOGGERS) {
      context.getLogger(name).setLevel(Level.ERROR);
    }
    context.getLogger(DRIVER_LOG.getName()).setLevel(Level.WARN);
    routeDriverLogging();
  }

  /**
   * Sends the driver's {@code java.util.logging} output to logback; idempotent. {@link #configure}
   * does it, and a new JVM's start-up thread does it earlier, off the main thread.
   */
  public static void routeDriverLogging() {
    for (Handler handler : DRIVER_LOG.getHandlers()) {
      if (handler instanceof SLF4JBridgeHandler) {
        return;
      }
    }
    DRIVER_LOG.setUseParentHandlers(false);
    DRIVER_LOG.addHandler(new SLF4JBridgeHandler());
  }

  private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %msg%n%ex{short}");
    return encoder;
  }

  private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithThreadName(false);
    encoder.setWithContext(false);
    encoder.setWithMarkers(false);
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.setWithMDC(false);
    encoder.setWithTimestamp(true);
    encoder.setWithLevel(true);
    encoder.setWithLoggerName(true);
    encoder.setWithKVPList(true);
    encoder.setWithFormattedMessage(true);
    encoder.setWithThrowable(false);
    return encoder;
  }

  /** The appender closes its stream when stopped; stderr must stay open. */
  private static final class KeepOpen extends FilterOutputStream {

    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
