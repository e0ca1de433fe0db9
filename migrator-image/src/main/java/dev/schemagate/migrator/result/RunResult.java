package dev.schemagate.migrator.result;

import dev.schemagate.migrator.plan.ValidationProblem;
import dev.schemagate.migrator.run.MigrationFailure;
import java.util.List;

/**
 * The result of one command, printed as one JSON line (see {@link ResultJson}).
 *
 * @param command {@code migrate}, {@code check}, {@code validate}, {@code info} or empty for a
 *     usage error
 * @param status the outcome
 * @param applied versions applied by this run, in order
 * @param pendingCount migrations still pending afterwards; null when unknown
 * @param durationMs wall time of the command
 * @param schema the schema, when known
 * @param target {@code user@host:port/database}, when known
 * @param message a one-sentence summary for anything but success; null on success
 * @param failure the failed migration, for status {@code failed}
 * @param problems the validation problems, for status {@code validation_failed}
 */
public record RunResult(
    String command,
    ResultStatus status,
    List<String> applied,
    Integer pendingCount,
    long durationMs,
    String schema,
    String target,
    String message,
    MigrationFailure failure,
    List<ValidationProblem> problems) {

  /** This result with {@code durationMs} instead, for a command that did more than the run. */
  public RunResult withDurationMs(long total) {
    return new RunResult(
        command, status, applied, pendingCount, total, schema, target, message, failure, problems);
  }

  /** A result with only status and message, for errors before anything ran. */
  public static RunResult error(String command, String message, long durationMs) {
    return new RunResult(
        command,
        ResultStatus.ERROR,
        List.of(),
        null,
        durationMs,
        null,
        null,
        message,
        null,
        List.of());
  }
}
