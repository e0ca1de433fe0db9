package dev.schemagate.e2e.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command with {@code --demo}: the packaged jar plays the whole story. */
class SandboxDemoIT {

  @Test
  void theDemoPlaysUpgradeFailureAndFixAndExitsZero(@TempDir Path work) throws Exception {
    try (SandboxProcess sandbox = SandboxProcess.start(work, "--demo")) {
      int exit = sandbox.waitFor(240);
      String output = sandbox.output();
      assertThat(exit).as(output).isZero();
      assertThat(output)
          .contains("kubeconfig " + work.resolve("kubeconfig"))
          .contains("DatabaseMigrationNotFound on Deployment orders")
          .contains("MigrationStarted on DatabaseMigration orders")
          .contains("RolloutHeld on Deployment orders")
          .contains("MigrationSucceeded on DatabaseMigration orders")
          .contains("RolloutReleased on Deployment orders")
          .contains("rollout: ReplicaSet orders-")
          .contains("MigrationFailed on DatabaseMigration orders")
          .contains("file V6__add_order_notes.sql, SQLSTATE 42P01")
          .contains("keeps serving orders@2222222")
          .contains("serves orders@4444444")
          .contains("Demo finished: upgrade, failure and fix went as expected.")
          .doesNotContain("FAILED");
    }
  }
}
