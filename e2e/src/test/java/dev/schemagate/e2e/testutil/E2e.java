package dev.schemagate.e2e.testutil;

import dev.schemagate.e2e.cluster.TestCluster;
import dev.schemagate.e2e.cluster.controllers.MigratorLauncher;
import dev.schemagate.e2e.stack.Stack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * The one product stack every end-to-end test of this JVM shares (PostgreSQL, test cluster,
 * operator), started on first use and stopped when the JVM ends. Tests stay apart by namespace and
 * database schema.
 */
public final class E2e {

  private static Stack stack;
  private static Path workDirectory;

  private E2e() {}

  public static synchronized Stack stack() {
    if (stack == null) {
      Awaitility.setDefaultTimeout(Duration.ofSeconds(90));
      Awaitility.setDefaultPollInterval(Duration.ofMillis(100));
      Awaitility.setDefaultPollDelay(Duration.ZERO);
      try {
        workDirectory = Files.createTempDirectory("schemagate-e2e-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      stack = Stack.start(TestCluster.options(launcher(), workDirectory.resolve("pods")));
      Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
    }
    return stack;
  }

  public static Path workDirectory() {
    stack();
    return workDirectory;
  }

  /** The shaded migrator jar the pom points to (what the container image carries). */
  public static MigratorLauncher launcher() {
    return MigratorLauncher.jar(migratorJar());
  }

  public static Path migratorJar() {
    String jar = System.getProperty("schemagate.migrator.jar");
    if (jar == null) {
      jar = repoRoot().resolve("migrator-image/target/schemagate-migrator.jar").toString();
    }
    return Path.of(jar);
  }

  public static Path repoRoot() {
    return Path.of(System.getProperty("schemagate.repo.root", "..")).toAbsolutePath().normalize();
  }
}
