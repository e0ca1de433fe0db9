package dev.schemagate.bench.operator;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Fabric8 mock API server in CRUD mode (the one the operator's integration tests use), with the
 * DatabaseMigration CRD installed from the operator jar, served over plain HTTP on a loopback port:
 * to the operator in this JVM, or through a kubeconfig to an operator process of its own. It runs
 * no controllers; the harnesses write Job, pod and Deployment state themselves.
 */
final class MockApiServer implements AutoCloseable {

  /** The CRD as generated into the operator jar (identical to the committed crds/ file). */
  static final String CRD_RESOURCE = "/META-INF/fabric8/databasemigrations.schemagate.dev-v1.yml";

  /**
   * The mock logs every request at INFO (java.util.logging), which would cost more than serving it.
   * Held here: java.util.logging keeps loggers only weakly, and a collected one forgets its level.
   */
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");

  private final KubernetesMockServer server;
  private final TimedDispatcher timing;
  private final NamespacedKubernetesClient client;

  private MockApiServer(
      KubernetesMockServer server, TimedDispatcher timing, NamespacedKubernetesClient client) {
    this.server = server;
    this.timing = timing;
    this.client = client;
  }

  static MockApiServer start() {
    // The mock logs every request at INFO (java.util.logging): that would cost more than serving
    // it.
    Logger.getLogger("io.fabric8.mockwebserver.MockWebServer").setLevel(Level.WARNING);
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    TimedDispatcher timing = new TimedDispatcher(new KubernetesMixedDispatcher(responses));
    @SuppressWarnings("deprecation")
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()), new MockWebServer(), responses, timing, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    NamespacedKubernetesClient client = server.createClient();
    MockApiServer api = new MockApiServer(server, timing, client);
    api.installCrd();
    api.allowLeases();
    return api;
  }

  private void installCrd() {
    try (InputStream crd = MockApiServer.class.getResourceAsStream(CRD_RESOURCE)) {
      if (crd == null) {
        throw new IllegalStateException(CRD_RESOURCE + " is not on the class path");
      }
      client.apiextensions().v1().customResourceDefinitions().load(crd).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Leader election first asks the API server (SelfSubjectRulesReview) whether it may use Leases;
   * the CRUD mock cannot answer that, so an expectation says yes, as the chart's RBAC does.
   */
  private void allowLeases() {
    SelfSubjectRulesReview review =
        new SelfSubjectRulesReviewBuilder()
            .withNewStatus()
            .withIncomplete(false)
            .addNewResourceRule()
            .withApiGroups("coordination.k8s.io")
            .withResources("leases")
            .withVerbs("get", "create", "update")
            .endResourceRule()
            .endStatus()
            .build();
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, review)
        .always();
  }

  /** The harness's own client (playing users, the Job controller and the kubelet). */
  NamespacedKubernetesClient client() {
    return client;
  }

  /** Another client, e.g. for an operator in this JVM, so that it has its own connections. */
  NamespacedKubernetesClient newClient(String userAgent) {
    return server.createClient(b -> b.editOrNewConfig().withUserAgent(userAgent).endConfig());
  }

  /** {@code http://localhost:<port>/}. */
  String url() {
    return server.url("/");
  }

  TimedDispatcher timing() {
    return timing;
  }

  void createNamespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  /** A kubeconfig naming this server, for a process that connects as users do. */
  Path writeKubeconfig(Path dir) {
    Path file = dir.resolve("kubeconfig");
    try {
      Files.writeString(
          file,
          """
          apiVersion: v1
          kind: Config
          clusters:
          - name: mock
            cluster:
              server: %s
          contexts:
          - name: mock
            context:
              cluster: mock
              user: mock
              namespace: default
          current-context: mock
          users:
          - name: mock
            user: {}
          """
              .formatted(url()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
