package dev.schemagate.migrator.cli;

import dev.schemagate.migrator.config.ConfigurationException;
import dev.schemagate.migrator.config.SecretRedactor;
import dev.schemagate.migrator.logging.LogFormat;
import dev.schemagate.migrator.logging.LogSetup;
import dev.schemagate.migrator.result.RunResult;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every command does around its own work: set up logging, turn configuration errors into exit
 * code 2 with a result, publish the result, return the exit code.
 */
abstract class MigratorCommand implements Callable<Integer> {

  /**
   * Looked up when first needed, not when the class loads: commands are created before their
   * arguments are parsed, and logging must not start on this thread before then (see {@link
   * ParallelStartup}).
   */
  static Logger log(Class<?> type) {
    return LoggerFactory.getLogger(type);
  }

  final OutputOptions output = new OutputOptions();

  final CliContext context;

  MigratorCommand(CliContext context) {
    this.context = context;
  }

  /** The command's name, as in the result's {@code command} field. */
  abstract String name();

  /** The paragraphs of the command's help text. */
  abstract String[] description();

  /** Adds the command's own options (beyond the logging ones every command has). */
  abstract void addOptions(CommandSpec spec);

  /** The exit codes its help lists, as {@code "code:meaning"}. */
  abstract String[] exitCodes();

  /** The command's picocli model, bound to this object's options and run by its {@link #call}. */
  final CommandSpec spec() {
    CommandSpec spec = CommandSpecs.command(name(), this, description());
    addOptions(spec);
    output.addTo(spec);
    CommandSpecs.footerAndExitCodes(spec, exitCodes());
    return spec;
  }

  /** The connection options to collect secrets from, or null. */
  abstract ConnectionOptions connectionOptions();

  /** Does the work; may throw {@link ConfigurationException} for bad settings. */
  abstract RunResult run(SecretRedactor redactor) throws Exception;

  /** Publishes the result; {@code info} overrides this to print its table. */
  void publish(RunResult result, SecretRedactor redactor) {
    context.publisher().publish(result, redactor);
  }

  @Override
  public final Integer call() {
    long started = System.nanoTime();
    ParallelStartup.awaitLogging();
    SecretRedactor redactor = KnownSecrets.redactor(context, connectionOptions());
    boolean logging = false;
    RunResult result;
    try {
      LogFormat format =
          LogFormat.parse(
              output.logFormat != null ? output.logFormat : context.env(EnvVars.LOG_FORMAT),
              context.terminal());
      LogSetup.configure(format, context.err(), redactor, output.verbose);
      logging = true;
      result = run(redactor);
    } catch (ConfigurationException e) {
      configureDefaultLogging(logging, redactor);
      log(MigratorCommand.class).error("{}", e.getMessage());
      result = RunResult.error(name(), e.getMessage(), elapsedMs(started));
    } catch (Exception e) {
      configureDefaultLogging(logging, redactor);
      log(MigratorCommand.class).error("Unexpected error: {}", e.toString());
      result = RunResult.error(name(), "unexpected error: " + e, elapsedMs(started));
    }
    publish(result, redactor);
    return result.status().exitCode();
  }

  private void configureDefaultLogging(boolean alreadyConfigured, SecretRedactor redactor) {
    if (!alreadyConfigured) {
      LogFormat format = context.terminal() ? LogFormat.TEXT : LogFormat.JSON;
      LogSetup.configure(format, context.err(), redactor, false);
    }
  }

  static long elapsedMs(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
