package dev.schemagate.migrator.cli;

import dev.schemagate.migrator.config.MigratorSettings;
import dev.schemagate.migrator.config.SecretRedactor;
import dev.schemagate.migrator.plan.MigrationPlan;
import dev.schemagate.migrator.result.RunResult;
import dev.schemagate.migrator.run.Migrator;
import java.sql.SQLException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A command that compares the files with the history and changes nothing ({@code info}, {@code
 * validate}): where to connect and where the files are, one read without the lock, and a database
 * error as a result with exit code 2.
 */
abstract class ReadOnlyCommand extends MigratorCommand {

  final ConnectionOptions connection = new ConnectionOptions();
  final LocationOptions location = new LocationOptions();

  ReadOnlyCommand(CliContext context) {
    super(context);
  }

  /** The result of the comparison {@code plan}, read {@code started} ({@link System#nanoTime}). */
  abstract RunResult report(
      MigrationPlan plan, MigratorSettings settings, SecretRedactor redactor, long started);

  @Override
  void addOptions(CommandSpec spec) {
    connection.addTo(spec);
    location.addTo(spec);
  }

  @Override
  final ConnectionOptions connectionOptions() {
    return connection;
  }

  @Override
  final RunResult run(SecretRedactor redactor) {
    long started = System.nanoTime();
    SettingsFactory factory = new SettingsFactory(context);
    MigratorSettings settings = factory.settings(factory.connection(connection), location);
    Migrator migrator = new Migrator(settings, redactor);
    MigrationPlan plan;
    try {
      plan = migrator.inspect();
    } catch (SQLException e) {
      return migrator.inspectFailed(name(), e, started);
    }
    return report(plan, settings, redactor, started);
  }
}
