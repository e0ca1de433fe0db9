package dev.schemagate.migrator.cli;

import dev.schemagate.migrator.result.ResultPublisher;
import java.io.PrintStream;
import java.util.Map;

/**
 * What a command may touch of the outside world: the environment and the two output streams. Passed
 * in so that tests and an in-process caller can run commands without a new JVM.
 *
 * @param terminal whether stderr is a terminal (text logs by default) rather than a pipe (JSON)
 */
record CliContext(Map<String, String> env, PrintStream out, PrintStream err, boolean terminal) {

  /** The value of {@code variable}, or null when unset or blank. */
  String env(String variable) {
    String value = env.get(variable);
    return value == null || value.isBlank() ? null : value.strip();
  }

  ResultPublisher publisher() {
    return new ResultPublisher(env, out);
  }
}
