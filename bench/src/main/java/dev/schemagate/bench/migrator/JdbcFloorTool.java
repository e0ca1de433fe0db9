package dev.schemagate.bench.migrator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Not a tool: the floor. Sends each file with its history row as one message on one plain JDBC
 * connection, with no lock, checksum, validation or logging, so the report shows how much of a run
 * is the server's own work. When the migrator is close to this, only the server can go faster.
 */
public final class JdbcFloorTool implements MigrationTool {

  @Override
  public String name() {
    return "floor";
  }

  @Override
  public String historyTable() {
    return "floor_history";
  }

  @Override
  public void migrate(RunTarget target, Path dir) {
    Properties props = new Properties();
    props.setProperty("user", target.user());
    props.setProperty("password", target.password());
    props.setProperty("preferQueryMode", "simple");
    // The driver sets search_path to the run's schema, so tables and history land there.
    props.setProperty("currentSchema", target.schema());
    try (Connection c = DriverManager.getConnection(target.jdbcUrl(), props);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS floor_history"
              + " (version int PRIMARY KEY, script text NOT NULL, success boolean NOT NULL)");
      for (Path file : pending(dir, s)) {
        int version = versionOf(file);
        s.execute(
            "BEGIN;\n"
                + Files.readString(file)
                + "\n;\nINSERT INTO floor_history VALUES ("
                + version
                + ", '"
                + file.getFileName()
                + "', true);\nCOMMIT");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("floor run failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The files whose version is newer than the newest recorded one, in version order. */
  private static List<Path> pending(Path dir, Statement s) throws IOException, SQLException {
    int newest;
    try (var rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM floor_history")) {
      rs.next();
      newest = rs.getInt(1);
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> versionOf(f) > newest)
          .sorted((a, b) -> Integer.compare(versionOf(a), versionOf(b)))
          .toList();
    }
  }

  private static int versionOf(Path file) {
    String name = file.getFileName().toString();
    return Integer.parseInt(name.substring(1, name.indexOf("__")));
  }
}
