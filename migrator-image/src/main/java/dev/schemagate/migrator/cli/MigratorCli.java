package dev.schemagate.migrator.cli;

import dev.schemagate.migrator.config.SecretRedactor;
import dev.schemagate.migrator.logging.LogFormat;
import dev.schemagate.migrator.result.ResultPublisher;
import dev.schemagate.migrator.result.RunResult;
import dev.schemagate.migrator.run.InFlight;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The {@code schemagate-migrator} command line: {@code migrate}, {@code info}, {@code validate} and
 * {@code check}.
 *
 * <p>{@link #execute(String...)} runs a command in-process and returns its exit code; every run
 * opens and closes its own connections, so repeated calls in one JVM leak nothing.
 */
public final class MigratorCli {

  private static final String NAME = "schemagate-migrator";
  private static final List<String> COMMANDS = List.of("migrate", "info", "validate", "check");
  private static final Duration RESULT_AFTER_CANCEL = Duration.ofSeconds(10);

  /** Whether {@link #main}'s command has returned; see {@link #reportTermination}. */
  private static volatile boolean finished;

  private MigratorCli() {}

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    long started = System.nanoTime();
    ParallelStartup.begin();
    String command = args.length > 0 && COMMANDS.contains(args[0]) ? args[0] : "";
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> reportTermination(command, started), "schemagate-exit"));
    int exitCode = execute(args);
    finished = true;
    System.exit(exitCode);
  }

  /**
   * Runs when the JVM stops; only does something when it stops before the command finished (a
   * signal, not {@code System.exit}): then a migration still running is cancelled on the server,
   * and the run gets a moment to report that itself (the kubelet waits 30 s by default before it
   * kills); without a result by then, one says the migrator was stopped.
   */
  private static void reportTermination(String command, long started) {
    if (finished) {
      return; // --help, --version and every command that ended on its own
    }
    ParallelStartup.awaitLogging();
    ResultPublisher publisher = new ResultPublisher(System.getenv(), System.out);
    if (InFlight.cancel()) {
      publisher.awaitPublished(RESULT_AFTER_CANCEL);
    }
    publisher.publishIfNothingWasPublished(
        RunResult.error(
            command,
            "the migrator was stopped (e.g. SIGTERM at a Job deadline) before it finished; a"
                + " migration in flight may or may not have committed, the next run continues"
                + " from the history table",
            (System.nanoTime() - started) / 1_000_000));
  }

  /** Runs a command in this JVM and returns its exit code; never calls {@link System#exit}. */
  public static int execute(String... args) {
    return execute(System.getenv(), System.out, System.err, args);
  }

  /**
   * Runs a command with the given environment and output streams (for tests and embedding).
   *
   * @param env the environment variables to read instead of the process environment
   * @param out receives the result (one JSON line) or, for {@code info}, the table
   * @param err receives the log lines
   */
  public static int execute(
      Map<String, String> env, PrintStream out, PrintStream err, String... args) {
    boolean terminal = err == System.err && LogFormat.stderrIsTerminal();
    CliContext context = new CliContext(Map.copyOf(env), out, err, terminal);
    // When the first argument names a command, build only that command's model.
    MigratorCommand single = args.length == 0 ? null : command(args[0], context);
    CommandLine commandLine;
    String[] arguments;
    if (single != null) {
      commandLine = new CommandLine(single.spec());
      commandLine.setCommandName(NAME + " " + single.name());
      arguments = Arrays.copyOfRange(args, 1, args.length);
    } else {
      commandLine = new CommandLine(topLevel(context));
      for (String name : COMMANDS) {
        commandLine.addSubcommand(name, new CommandLine(command(name, context).spec()));
      }
      commandLine.addSubcommand(new CommandLine.HelpCommand());
      arguments = args;
    }
    commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    String commandName = single != null ? single.name() : null;
    commandLine.setParameterExceptionHandler(
        (e, rest) -> usageError(context, e, args, commandName));
    return commandLine.execute(arguments);
  }

  private static MigratorCommand command(String name, CliContext context) {
    return switch (name) {
      case "migrate" -> new MigrateCommand(context);
      case "info" -> new InfoCommand(context);
      case "validate" -> new ValidateCommand(context);
      case "check" -> new CheckCommand(context);
      default -> null;
    };
  }

  /** The model without a command: its help lists the commands; running it is a usage error. */
  private static CommandSpec topLevel(CliContext context) {
    NoCommand noCommand = new NoCommand(context);
    CommandSpec spec =
        CommandSpecs.command(
            NAME,
            noCommand,
            "Applies versioned SQL migrations to PostgreSQL exactly once, under a session advisory"
                + " lock, each migration in one transaction with its history row.",
            "",
            "Migration files: V<version>__<description>.sql (Flyway style; version parts separated"
                + " by . or _) and <number>_<description>.up.sql (golang-migrate style; .down.sql"
                + " files are skipped). Versions are ordered numerically. A file whose first line is"
                + " '-- schemagate:no-transaction' runs statement by statement outside a transaction"
                + " (for CREATE INDEX CONCURRENTLY).",
            "");
    spec.usageMessage().commandListHeading("%nCommands:%n");
    CommandSpecs.footerAndExitCodes(
        spec, Help.EXIT_0, Help.EXIT_1, Help.EXIT_2, Help.EXIT_3, Help.EXIT_4);
    noCommand.spec = spec;
    return spec;
  }

  /** Without a command: show what there is, and fail as a usage error with a result. */
  private static final class NoCommand implements Callable<Integer> {

    private final CliContext context;
    private CommandSpec spec;

    NoCommand(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      ParallelStartup.awaitLogging();
      spec.commandLine().usage(spec.commandLine().getErr());
      context
          .publisher()
          .publish(
              RunResult.error(
                  "", "usage error: no command given; one of " + String.join(", ", COMMANDS), 0),
              SecretRedactor.none());
      return 2;
    }
  }

  private static int usageError(
      CliContext context, ParameterException e, String[] arguments, String commandName) {
    ParallelStartup.awaitLogging();
    SecretRedactor redactor = KnownSecrets.redactor(context, arguments);
    CommandLine commandLine = e.getCommandLine();
    PrintWriter err = commandLine.getErr();
    err.println(redactor.redact(e.getMessage()));
    if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
      err.println("Run '" + commandLine.getCommandSpec().qualifiedName() + " --help' for usage.");
    }
    err.flush();
    String command =
        commandName != null
            ? commandName
            : commandLine.getCommandSpec().parent() != null ? commandLine.getCommandName() : "";
    context
        .publisher()
        .publish(RunResult.error(command, "usage error: " + e.getMessage(), 0), redactor);
    return 2;
  }
}
