package dev.schemagate.operator.testutil;

import dev.schemagate.operator.api.DatabaseMigration;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A Fabric8 mock API server in CRUD mode with the committed DatabaseMigration CRD installed (so the
 * status subresource behaves like a real one). It runs no controllers: {@link ClusterSimulator}
 * plays the Job controller and the kubelet.
 */
public final class MockCluster implements AutoCloseable {

  /** The committed CRD; the build checks it against the Java API. */
  public static final Path CRD = Path.of("..", "crds", "databasemigrations.schemagate.dev-v1.yml");

  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private final KubernetesMockServer server;
  private final NamespacedKubernetesClient client;

  private MockCluster(KubernetesMockServer server, NamespacedKubernetesClient client) {
    this.server = server;
    this.client = client;
  }

  public static MockCluster start() {
    return start(UnaryOperator.identity());
  }

  /**
   * Like {@link #start()}, with the server's dispatcher (expectations, then the CRUD store) wrapped
   * by {@code decorate}: e.g. to inject faults or to record every request.
   */
  public static MockCluster start(UnaryOperator<Dispatcher> decorate) {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    @SuppressWarnings("deprecation")
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            responses,
            decorate.apply(new KubernetesMixedDispatcher(responses)),
            false);
    server.init();
    NamespacedKubernetesClient client = server.createClient();
    MockCluster cluster = new MockCluster(server, client);
    cluster.installCrd();
    return cluster;
  }

  private void installCrd() {
    if (!Files.isReadable(CRD)) {
      throw new IllegalStateException("CRD not found at " + CRD.toAbsolutePath());
    }
    client.apiextensions().v1().customResourceDefinitions().load(CRD.toFile()).create();
  }

  public KubernetesMockServer server() {
    return server;
  }

  public NamespacedKubernetesClient client() {
    return client;
  }

  /**
   * A second client of this server that names itself {@code userAgent} in every request, so that a
   * dispatcher can tell its requests apart (e.g. the operator's from the test's own).
   */
  public NamespacedKubernetesClient newClient(String userAgent) {
    return server.createClient(b -> b.editOrNewConfig().withUserAgent(userAgent).endConfig());
  }

  /**
   * The API server's base URL ({@code http://localhost:<port>/}), for a client in another process.
   */
  public String url() {
    return server.url("/");
  }

  /** A fresh namespace, so tests sharing one cluster and operator stay apart. */
  public String newNamespace(String prefix) {
    String name = prefix + "-" + NAMESPACES.incrementAndGet();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  public DatabaseMigration migration(String namespace, String name) {
    return client.resources(DatabaseMigration.class).inNamespace(namespace).withName(name).get();
  }

  public DatabaseMigration create(DatabaseMigration migration) {
    return client.resource(migration).create();
  }

  public List<Job> jobs(String namespace) {
    return client.batch().v1().jobs().inNamespace(namespace).list().getItems();
  }

  public List<Event> events(String namespace, String reason) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
