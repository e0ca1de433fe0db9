package dev.schemagate.e2e.stack;

import dev.schemagate.e2e.cluster.TestCluster;
import dev.schemagate.operator.runtime.SchemagateOperator;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The whole product on one machine: a PostgreSQL, the test cluster, and the real operator with its
 * webhook. The operator can be stopped and started again (a restart), as a new instance with a new
 * identity.
 */
public final class Stack implements AutoCloseable {

  private final Postgres postgres;
  private final TestCluster cluster;
  private final AtomicInteger instances = new AtomicInteger();
  private SchemagateOperator operator;

  private Stack(Postgres postgres, TestCluster cluster) {
    this.postgres = postgres;
    this.cluster = cluster;
  }

  /** Starts PostgreSQL, the cluster and the operator (ready, webhook registered). */
  public static Stack start(TestCluster.Options options) {
    Postgres postgres = Postgres.start();
    TestCluster cluster;
    try {
      cluster = TestCluster.start(options);
    } catch (RuntimeException e) {
      postgres.close();
      throw e;
    }
    Stack stack = new Stack(postgres, cluster);
    try {
      cluster
          .systemClient()
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(OperatorProcess.NAMESPACE)
                  .endMetadata()
                  .build())
          .create();
      stack.startOperator();
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
    return stack;
  }

  /** Starts a new operator instance (after {@link #stopOperator()}). */
  public synchronized SchemagateOperator startOperator() {
    if (operator != null) {
      throw new IllegalStateException("the operator is running");
    }
    operator =
        OperatorProcess.start(
            cluster.systemClient(), "schemagate-operator-" + instances.incrementAndGet());
    return operator;
  }

  /** Stops the operator (reconcilers, webhook, endpoints), as a SIGTERM would. */
  public synchronized void stopOperator() {
    if (operator != null) {
      operator.stop();
      operator = null;
    }
  }

  public synchronized SchemagateOperator operator() {
    return operator;
  }

  public Postgres postgres() {
    return postgres;
  }

  public TestCluster cluster() {
    return cluster;
  }

  @Override
  public void close() {
    stopOperator();
    cluster.close();
    postgres.close();
  }
}
