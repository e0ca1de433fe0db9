package dev.schemagate.operator.runtime;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * How logback starts in the operator (registered in {@code META-INF/services}): JSON lines on the
 * console, built in code, until {@link OperatorMain} applies the configured format. A {@code
 * logback.xml} did the same through logback's XML configurator, which parses it with the JDK's XML
 * stack: about 150 ms of every start.
 *
 * <p>Steps aside when logback is configured some other way: {@code logback.configurationFile} set,
 * or a {@code logback-test.xml} or {@code logback.xml} on the class path.
 */
public final class LoggingConfigurator extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || onClassPath("logback-test.xml")
        || onClassPath("logback.xml")) {
      return ExecutionStatus.NEUTRAL;
    }
    Logging.install(context, LogFormat.JSON);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static boolean onClassPath(String resource) {
    ClassLoader loader = LoggingConfigurator.class.getClassLoader();
    return loader != null && loader.getResource(resource) != null;
  }
}
