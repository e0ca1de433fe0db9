package dev.schemagate.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.operator.runtime.Settings;
import dev.schemagate.operator.testutil.MockCluster;
import dev.schemagate.operator.testutil.OperatorProcess;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (how Kubernetes stops a pod) ends the packaged operator promptly with leader election on,
 * the default in a cluster. JOSDK's own handling of the lease's end would call System.exit from
 * inside the shutdown hook, where it blocks forever: the pod would hang until SIGKILL.
 */
class GracefulStopIT {

  @TempDir Path temp;

  MockCluster cluster;
  OperatorProcess operator;

  @BeforeAll
  static void quietMockServer() {
    FaultRuns.quietMockServer();
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void sigtermEndsTheLeaderPromptly() throws Exception {
    assertThat(OperatorProcess.JAR).as("run after 'package'").exists();
    cluster = MockCluster.start();
    allowLeases(cluster);
    String namespace = cluster.newNamespace("operator");
    Path log = Files.createDirectories(Path.of("target", "faults")).resolve("graceful-stop.log");
    Files.deleteIfExists(log);
    operator =
        OperatorProcess.start(
            cluster.url(),
            temp,
            log,
            "leader-1",
            List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
            Map.of("SCHEMAGATE_LEADER_ELECTION", "true", "SCHEMAGATE_NAMESPACE", namespace));
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> operator.isReady() || !operator.isAlive());
    await("leader")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Lease lease =
                  cluster
                      .client()
                      .leases()
                      .inNamespace(namespace)
                      .withName(Settings.LEASE_NAME)
                      .get();
              return lease != null && "leader-1".equals(lease.getSpec().getHolderIdentity());
            });

    assertThat(operator.terminate(Duration.ofSeconds(20)))
        .as("the operator ended within 20 s of SIGTERM; log: %s", log.toAbsolutePath())
        .isTrue();
  }

  /**
   * Leader election first asks whether it may use Leases (SelfSubjectRulesReview), which the CRUD
   * mock cannot answer: an expectation says yes, as the chart's RBAC does.
   */
  private static void allowLeases(MockCluster cluster) {
    cluster
        .server()
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .withIncomplete(false)
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("get", "create", "update")
                .endResourceRule()
                .endStatus()
                .build())
        .always();
  }
}
