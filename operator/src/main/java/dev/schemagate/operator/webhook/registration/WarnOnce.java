package dev.schemagate.operator.webhook.registration;

import java.util.Objects;
import org.slf4j.Logger;

/**
 * Logs a recurring problem once: a periodic check that keeps finding the same thing (say, a webhook
 * configuration the chart has not created yet) warns the first time only, and again when the
 * problem changes or comes back after it was solved.
 */
final class WarnOnce {

  private final Logger log;
  private String current;

  WarnOnce(Logger log) {
    this.log = log;
  }

  /**
   * @param problem identifies the problem; the message is logged when it differs from the last one
   */
  synchronized void warn(String problem, String format, Object... arguments) {
    if (!Objects.equals(problem, current)) {
      current = problem;
      log.warn(format, arguments);
    }
  }

  /**
   * @return true when a problem had been reported (so the caller can say it is solved)
   */
  synchronized boolean clear() {
    boolean had = current != null;
    current = null;
    return had;
  }
}
