package dev.schemagate.operator.controller;

import static dev.schemagate.operator.testutil.Fixtures.gatedDeployment;
import static dev.schemagate.operator.testutil.Fixtures.image;
import static dev.schemagate.operator.testutil.Fixtures.newMigration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.operator.runtime.SchemagateOperator;
import dev.schemagate.operator.runtime.Settings;
import dev.schemagate.operator.testutil.ClusterSimulator;
import dev.schemagate.operator.testutil.MockCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A release patch answered with 409 (the gate reads it as "the Deployment changed meanwhile") must
 * be tried again even when no event follows: the operator's own writes of that reconcile (status,
 * the Job's recorded outcome) bring none, so the release would otherwise wait for the next resync.
 * Found by {@code ApiFaultsIT}, which injects such 409s at random.
 */
class GateConflictIT {

  static final String V1 = image("orders", '1');
  static final Duration WINDOW = Duration.ofSeconds(3);

  final ConflictWindow conflict = new ConflictWindow();
  MockCluster cluster;
  ClusterSimulator kubelet;
  SchemagateOperator operator;
  String namespace;

  @BeforeEach
  void start() {
    cluster = MockCluster.start(conflict::wrap);
    kubelet = new ClusterSimulator(cluster);
    operator = SchemagateOperator.start(cluster.client(), Settings.forTests());
    namespace = cluster.newNamespace("conflict");
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.stop();
    }
    cluster.close();
  }

  @Test
  void aConflictOnTheReleaseIsRetriedWithoutWaitingForAnEvent() {
    cluster.create(newMigration(namespace, "orders", V1));
    Job job =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> cluster.jobs(namespace), jobs -> jobs.size() == 1)
            .getFirst();
    // Straight to the API server (no webhook here): the reconciler's backstop holds it.
    cluster.client().resource(gatedDeployment(namespace, "orders", V1)).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(deploymentNow().getSpec().getPaused()).isTrue());

    // Every release attempt in the next 3 s meets a conflict, so the events of the run's end are
    // all spent by then; only a retry the operator schedules itself can release it afterwards.
    conflict.armFor("/apis/apps/v1/namespaces/" + namespace + "/deployments/orders", WINDOW);
    Pod pod = kubelet.startPod(job);
    kubelet.complete(job, pod);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(deploymentNow().getSpec().getPaused()).isNull());
    assertThat(conflict.answered()).as("409s answered").isPositive();
  }

  private Deployment deploymentNow() {
    return cluster.client().apps().deployments().inNamespace(namespace).withName("orders").get();
  }

  /**
   * Answers every PATCH of one path with 409 Conflict for a while once armed; passes all else on.
   */
  static final class ConflictWindow {

    private volatile String path;
    private volatile long until;
    private final AtomicInteger answered = new AtomicInteger();

    void armFor(String requestPath, Duration window) {
      until = System.nanoTime() + window.toNanos();
      path = requestPath;
    }

    int answered() {
      return answered.get();
    }

    Dispatcher wrap(Dispatcher delegate) {
      return new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          String armed = path;
          if (armed != null
              && "PATCH".equalsIgnoreCase(request.getMethod())
              && request.getPath().startsWith(armed)
              && System.nanoTime() < until) {
            answered.incrementAndGet();
            return new MockResponse()
                .setResponseCode(409)
                .setHeader("Content-Type", "application/json")
                .setBody(
                    "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
                        + "\"status\":\"Failure\",\"reason\":\"Conflict\",\"code\":409}");
          }
          return delegate.dispatch(request);
        }

        @Override
        public void shutdown() {
          delegate.shutdown();
        }
      };
    }
  }
}
