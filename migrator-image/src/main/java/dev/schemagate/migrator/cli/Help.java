package dev.schemagate.migrator.cli;

/** Help text shared by the commands, so every --help lists the same codes and variables. */
final class Help {

  static final String EXIT_CODES_HEADING = "%nExit codes:%n";
  static final String EXIT_0 = "0:success, also when nothing was pending";
  static final String EXIT_1 = "1:a migration failed (rolled back; earlier ones stay applied)";
  static final String EXIT_2 = "2:usage or configuration error, database unreachable";
  static final String EXIT_3 =
      "3:validation failed (changed, missing, out-of-order or duplicate files)";
  static final String EXIT_4 =
      "4:the migration lock was not obtained within --lock-timeout (another runner held it, or a"
          + " stopped runner's session was still applying)";

  static final String FOOTER =
      "Environment (options win over the environment):%n"
          + "  "
          + EnvVars.DB_URL
          + "             "
          + "JDBC URL or postgres:// URI (--url)"
          + "%n"
          + "  PGHOST PGPORT PGDATABASE      "
          + "build the URL when "
          + EnvVars.DB_URL
          + " is unset"
          + "%n"
          + "  PGUSER PGPASSWORD PGSSLMODE   "
          + "credentials (--user, --password), TLS mode"
          + "%n"
          + "  "
          + EnvVars.MIGRATIONS_DIR
          + "     "
          + "--dir (default "
          + EnvVars.DEFAULT_DIR
          + ")"
          + "%n"
          + "  "
          + EnvVars.SCHEMA
          + "             "
          + "--schema (default "
          + EnvVars.DEFAULT_SCHEMA
          + ")"
          + "%n"
          + "  "
          + EnvVars.LOCK_TIMEOUT
          + "       "
          + "--lock-timeout (default "
          + EnvVars.DEFAULT_LOCK_TIMEOUT
          + ")"
          + "%n"
          + "  "
          + EnvVars.DB_LOCK_TIMEOUT
          + "    "
          + "--db-lock-timeout (default "
          + EnvVars.DEFAULT_DB_LOCK_TIMEOUT
          + ")"
          + "%n"
          + "  "
          + EnvVars.STATEMENT_TIMEOUT
          + "  "
          + "--statement-timeout (default 0, none)"
          + "%n"
          + "  "
          + EnvVars.CONNECT_TIMEOUT
          + "    "
          + "--connect-timeout (default "
          + EnvVars.DEFAULT_CONNECT_TIMEOUT
          + ")"
          + "%n"
          + "  "
          + EnvVars.LOG_FORMAT
          + "         "
          + "--log-format (default auto)"
          + "%n"
          + "  "
          + EnvVars.TERMINATION_LOG
          + "    "
          + "result file; default /dev/termination-log"
          + "%n"
          + "  POD_NAME HOSTNAME             "
          + "recorded as applied_by in the history"
          + "%n"
          + "%n"
          + "Output: log lines on stderr; the result as one JSON line on stdout and in%n"
          + "the termination-message file (at most 4 KiB).";

  private Help() {}
}
