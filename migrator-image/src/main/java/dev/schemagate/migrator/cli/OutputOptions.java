package dev.schemagate.migrator.cli;

import picocli.CommandLine.Option;

/** How to log. */
final class OutputOptions {

  @Option(
      names = "--log-format",
      paramLabel = "text|json|auto",
      description =
          "Log lines on stderr as text or JSON lines. Env: "
              + EnvVars.LOG_FORMAT
              + ". Default:"
              + " auto, text on a terminal and JSON otherwise.")
  String logFormat;

  @Option(
      names = {"-v", "--verbose"},
      description = "Also log each statement of no-transaction migrations (DEBUG).")
  boolean verbose;
}
