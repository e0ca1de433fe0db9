package dev.schemagate.migrator.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * How logback starts in the migrator (registered in {@code META-INF/services}): root at INFO and no
 * appender yet, because every command installs its own appender first thing ({@link LogSetup}).
 * Without it, logback would look for configuration files and then build a console appender with a
 * parsed pattern on stdout, only for {@link LogSetup} to throw it away: a third of logback's
 * start-up in a new JVM.
 *
 * <p>Steps aside for a program that embeds the migrator and configures logback itself: with {@code
 * logback.configurationFile} set, or a {@code logback-test.xml} or {@code logback.xml} on the class
 * path, logback goes on as usual.
 */
public final class StartupConfigurator extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || onClassPath("logback-test.xml")
        || onClassPath("logback.xml")) {
      return ExecutionStatus.NEUTRAL;
    }
    context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static boolean onClassPath(String resource) {
    ClassLoader loader = StartupConfigurator.class.getClassLoader();
    return loader != null && loader.getResource(resource) != null;
  }
}
