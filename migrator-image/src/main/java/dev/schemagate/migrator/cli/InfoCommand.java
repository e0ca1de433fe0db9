package dev.schemagate.migrator.cli;

import dev.schemagate.migrator.config.MigratorSettings;
import dev.schemagate.migrator.config.SecretRedactor;
import dev.schemagate.migrator.info.InfoJson;
import dev.schemagate.migrator.info.InfoTable;
import dev.schemagate.migrator.plan.MigrationPlan;
import dev.schemagate.migrator.result.ResultStatus;
import dev.schemagate.migrator.result.RunResult;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code info}: every version and its state, as a table or JSON. */
final class InfoCommand extends ReadOnlyCommand {

  boolean json;

  private String document;

  InfoCommand(CliContext context) {
    super(context);
  }

  @Override
  String name() {
    return "info";
  }

  @Override
  String[] description() {
    return new String[] {
      "Print every version with its description, type, state (applied, pending, failed,"
          + " checksum-mismatch, missing-file, out-of-order, duplicate-version) and when it was"
          + " applied. Changes nothing and takes no lock.",
      "Prints a table on stdout, or with --json one JSON document on one line."
    };
  }

  @Override
  void addOptions(CommandSpec spec) {
    super.addOptions(spec);
    spec.addOption(CommandSpecs.flag(v -> json = v, "Print JSON instead of a table.", "--json"));
  }

  @Override
  String[] exitCodes() {
    return new String[] {"0:printed (also when there are validation problems)", Help.EXIT_2};
  }

  @Override
  RunResult report(
      MigrationPlan plan, MigratorSettings settings, SecretRedactor redactor, long started) {
    long duration = elapsedMs(started);
    String target = settings.connection().target();
    document =
        json
            ? InfoJson.render(plan, settings.schema(), target, duration)
            : InfoTable.render(plan, settings.schema());
    return new RunResult(
        name(),
        ResultStatus.SUCCESS,
        List.of(),
        plan.pending().size(),
        duration,
        settings.schema(),
        target,
        null,
        null,
        plan.problems());
  }

  /** The table or JSON goes to stdout; the termination message gets the usual result. */
  @Override
  void publish(RunResult result, SecretRedactor redactor) {
    if (document == null) {
      super.publish(result, redactor);
      return;
    }
    if (json) {
      context.publisher().printLine(document, redactor);
    } else {
      context.out().print(redactor.redact(document));
      context.out().flush();
    }
    context.publisher().writeTerminationMessage(result, redactor);
  }
}
