package dev.schemagate.migrator.cli;

import dev.schemagate.migrator.config.MigratorSettings;
import dev.schemagate.migrator.config.SecretRedactor;
import dev.schemagate.migrator.plan.MigrationPlan;
import dev.schemagate.migrator.plan.ValidationProblem;
import dev.schemagate.migrator.result.ResultStatus;
import dev.schemagate.migrator.result.RunResult;
import java.util.List;

/** {@code validate}: compare files and history; exit 3 when they disagree. */
final class ValidateCommand extends ReadOnlyCommand {

  ValidateCommand(CliContext context) {
    super(context);
  }

  @Override
  String name() {
    return "validate";
  }

  @Override
  String[] description() {
    return new String[] {
      "Compare the files with the history without changing anything: report files changed after"
          + " they were applied, applied versions without a file, new files older than the newest"
          + " applied one, duplicate versions, and pending files a run would reject."
    };
  }

  @Override
  String[] exitCodes() {
    return new String[] {"0:the files and the history agree", Help.EXIT_2, Help.EXIT_3};
  }

  @Override
  RunResult report(
      MigrationPlan plan, MigratorSettings settings, SecretRedactor redactor, long started) {
    List<ValidationProblem> problems = plan.problems();
    problems.forEach(p -> log(ValidateCommand.class).error("Validation failed: {}", p.message()));
    if (problems.isEmpty()) {
      log(ValidateCommand.class)
          .info(
              "Valid: {} versions, {} pending, in schema {}",
              plan.entries().size(),
              plan.pending().size(),
              settings.schema());
    }
    return new RunResult(
        name(),
        problems.isEmpty() ? ResultStatus.SUCCESS : ResultStatus.VALIDATION_FAILED,
        List.of(),
        plan.pending().size(),
        elapsedMs(started),
        settings.schema(),
        settings.connection().target(),
        problems.isEmpty()
            ? null
            : redactor.redact(
                problems.size() + " validation problems: " + problems.getFirst().message()),
        null,
        problems);
  }
}
