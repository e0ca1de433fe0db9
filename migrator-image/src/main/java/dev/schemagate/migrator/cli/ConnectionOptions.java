package dev.schemagate.migrator.cli;

import static dev.schemagate.migrator.cli.CommandSpecs.text;

import picocli.CommandLine.Model.CommandSpec;

/** Where to connect. */
final class ConnectionOptions {

  String url;
  String user;
  String password;
  String connectTimeout;

  /** Adds {@code --url}, {@code --user}, {@code --password} and {@code --connect-timeout}. */
  ConnectionOptions addTo(CommandSpec spec) {
    spec.addOption(
        text(
            "--url",
            "<jdbc-url>",
            v -> url = v,
            "JDBC URL, e.g. jdbc:postgresql://db:5432/shop?sslmode=require (a postgres:// URI works"
                + " too). Env: "
                + EnvVars.DB_URL
                + "; without it the URL is built from PGHOST,"
                + " PGPORT, PGDATABASE and PGSSLMODE."));
    spec.addOption(
        text(
            "--user",
            "<name>",
            v -> user = v,
            "Database user. Env: PGUSER (a user= in the URL wins over PGUSER)."));
    spec.addOption(
        text(
            "--password",
            "<secret>",
            v -> password = v,
            "Database password. Prefer the env variable PGPASSWORD: command lines are visible to"
                + " other processes. Never printed."));
    spec.addOption(
        text(
            "--connect-timeout",
            "<duration>",
            v -> connectTimeout = v,
            "How long to keep retrying while the server refuses connections (e.g. a proxy still"
                + " starting). Env: "
                + EnvVars.CONNECT_TIMEOUT
                + ". Default: "
                + EnvVars.DEFAULT_CONNECT_TIMEOUT
                + "."));
    return this;
  }
}
