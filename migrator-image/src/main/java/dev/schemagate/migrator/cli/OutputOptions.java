package dev.schemagate.migrator.cli;

import static dev.schemagate.migrator.cli.CommandSpecs.flag;
import static dev.schemagate.migrator.cli.CommandSpecs.text;

import picocli.CommandLine.Model.CommandSpec;

/** How to log. */
final class OutputOptions {

  String logFormat;
  boolean verbose;

  /** Adds {@code --log-format} and {@code -v}/{@code --verbose}. */
  OutputOptions addTo(CommandSpec spec) {
    spec.addOption(
        text(
            "--log-format",
            "text|json|auto",
            v -> logFormat = v,
            "Log lines on stderr as text or JSON lines. Env: "
                + EnvVars.LOG_FORMAT
                + ". Default:"
                + " auto, text on a terminal and JSON otherwise."));
    spec.addOption(
        flag(
            v -> verbose = v,
            "Also log each statement of no-transaction migrations (DEBUG).",
            "-v",
            "--verbose"));
    return this;
  }
}
