package dev.schemagate.migrator.cli;

import picocli.CommandLine.Option;

/** Where to connect. */
final class ConnectionOptions {

  @Option(
      names = "--url",
      paramLabel = "<jdbc-url>",
      description = {
        "JDBC URL, e.g. jdbc:postgresql://db:5432/shop?sslmode=require (a postgres:// URI works"
            + " too). Env: "
            + EnvVars.DB_URL
            + "; without it the URL is built from PGHOST,"
            + " PGPORT, PGDATABASE and PGSSLMODE."
      })
  String url;

  @Option(
      names = "--user",
      paramLabel = "<name>",
      description = "Database user. Env: PGUSER (a user= in the URL wins over PGUSER).")
  String user;

  @Option(
      names = "--password",
      paramLabel = "<secret>",
      description =
          "Database password. Prefer the env variable PGPASSWORD: command lines are visible to"
              + " other processes. Never printed.")
  String password;

  @Option(
      names = "--connect-timeout",
      paramLabel = "<duration>",
      description =
          "How long to keep retrying while the server refuses connections (e.g. a proxy still"
              + " starting). Env: "
              + EnvVars.CONNECT_TIMEOUT
              + ". Default: "
              + EnvVars.DEFAULT_CONNECT_TIMEOUT
              + ".")
  String connectTimeout;
}
