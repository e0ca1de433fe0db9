package dev.schemagate.e2e.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox as its README tells a user to drive it, with the real kubectl: apply the sample
 * manifests, wait, get with the CRD's columns, read logs, break and fix the rollout. Skipped where
 * no kubectl is installed.
 */
class SandboxKubectlIT {

  @Test
  void kubectlDrivesTheSandbox(@TempDir Path work) throws Exception {
    Path kubectl = findKubectl();
    Assumptions.assumeTrue(kubectl != null, "kubectl is not installed");
    try (SandboxProcess sandbox = SandboxProcess.start(work)) {
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> sandbox.output().contains("Ctrl-C stops it"));
      assertThat(sandbox.output()).contains("export KUBECONFIG=" + work.resolve("kubeconfig"));
      Kubectl k = new Kubectl(kubectl, work);

      assertThat(k.run("get", "dbm")).contains("No resources found in shop namespace");
      assertThat(k.run("apply", "-f", work.resolve("orders-v1.yaml").toString()))
          .contains(
              "databasemigration.schemagate.dev/orders created", "deployment.apps/orders created");
      assertThat(k.run("wait", "--for=condition=Ready", "dbm/orders", "--timeout=90s"))
          .contains("condition met");
      assertThat(k.run("get", "dbm", "orders"))
          .contains("PHASE", "IMAGE", "READY", "AGE")
          .containsPattern("orders\\s+Succeeded\\s+orders@111111111111\\s+True");

      k.run("apply", "-f", work.resolve("orders-v2-broken.yaml").toString());
      k.run("wait", "--for=jsonpath={.status.phase}=Failed", "dbm/orders", "--timeout=90s");
      assertThat(k.run("get", "deploy", "orders", "-o", "jsonpath={.spec.paused}"))
          .isEqualTo("true");
      assertThat(
              k.run(
                  "get",
                  "dbm",
                  "orders",
                  "-o",
                  "jsonpath={.status.failure.migration} {.status.failure.sqlState}"))
          .isEqualTo("V6__add_order_notes.sql 42P01");
      String failedJob = k.run("get", "dbm", "orders", "-o", "jsonpath={.status.jobName}");
      assertThat(k.run("logs", "job/" + failedJob)).contains("42P01");
      assertThat(k.run("get", "events")).contains("MigrationFailed", "RolloutHeld");

      k.run("apply", "-f", work.resolve("orders-v3-fixed.yaml").toString());
      k.run("wait", "--for=condition=Ready", "dbm/orders", "--timeout=90s");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> k.run("get", "deploy", "orders", "-o", "jsonpath={.spec.paused}").isEmpty());
      assertThat(k.run("get", "rs", "-o", "wide")).contains("orders@sha256:3333");
      assertThat(k.run("scale", "deploy/orders", "--replicas=3")).contains("scaled");
    }
  }

  private static Path findKubectl() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "kubectl");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** kubectl with the sandbox's kubeconfig and a home of its own (discovery cache). */
  record Kubectl(Path binary, Path work) {
    String run(String... args) throws IOException, InterruptedException {
      List<String> command = new ArrayList<>();
      command.add(binary.toString());
      command.addAll(List.of(args));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("KUBECONFIG", work.resolve("kubeconfig").toString());
      builder.environment().put("HOME", work.resolve("home").toString());
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("kubectl " + String.join(" ", args) + " hung");
      }
      assertThat(process.exitValue())
          .as("kubectl " + String.join(" ", args) + ":\n" + output)
          .isZero();
      return output.strip();
    }
  }
}
