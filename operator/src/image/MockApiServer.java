import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in API server for running the operator image outside a cluster: Fabric8's mock API server
 * in CRUD mode, over HTTPS with a self-signed certificate for {@code localhost}, with the
 * DatabaseMigration CRD installed, Lease access granted to leader election, the chart's
 * MutatingWebhookConfiguration {@code schemagate} (without caBundle) and one DatabaseMigration
 * (namespace {@code shop}) for the operator to reconcile. It runs no controllers.
 *
 * <p>Used by the operator image's AppCDS training run, its smoke test and the start-up measurement
 * (src/image/*.sh); never shipped. Run with the JDK's source launcher and the operator's test
 * classpath: {@code java -cp CLASSPATH MockApiServer.java CRD CA_OUT PORT_OUT}. It writes the
 * server's certificate (PEM, for the operator's {@code ca.crt}) to CA_OUT, then its port to
 * PORT_OUT, and serves until it is killed.
 */
public final class MockApiServer {

  /** Full digests, well-formed and fake: nothing is ever pulled. */
  static final String APP_IMAGE =
      "registry.example.com/shop/orders@sha256:" + "7f3a9c2e".repeat(8);

  private MockApiServer() {}

  public static void main(String[] args) throws Exception {
    quietLogs();
    Path crd = Path.of(args[0]);
    Path caOut = Path.of(args[1]);
    Path portOut = Path.of(args[2]);
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    MockWebServer web = new MockWebServer();
    @SuppressWarnings("deprecation")
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            web,
            responses,
            new KubernetesMixedDispatcher(responses),
            true);
    server.init(InetAddress.getLoopbackAddress(), 0);
    // Leader election first asks what it may do with Leases (SelfSubjectRulesReview), which the
    // CRUD mock cannot answer: grant what the Helm chart grants.
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            """
            {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectRulesReview",
             "spec":{},"status":{"incomplete":false,"nonResourceRules":[],"resourceRules":[
               {"apiGroups":["coordination.k8s.io"],"resources":["leases"],
                "verbs":["get","create","update"]}]}}
            """)
        .always();
    try (NamespacedKubernetesClient client = server.createClient()) {
      client.apiextensions().v1().customResourceDefinitions().load(crd.toFile()).create();
      for (String name : new String[] {"schemagate-system", "shop"}) {
        Namespace namespace =
            new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
        client.namespaces().resource(namespace).create();
      }
      String migration =
          """
          apiVersion: schemagate.dev/v1alpha1
          kind: DatabaseMigration
          metadata:
            name: orders
            namespace: shop
          spec:
            image: %s
          """
              .formatted(APP_IMAGE);
      client.resource(migration).inNamespace("shop").create();
      // What the Helm chart installs: the operator only injects its CA into this configuration.
      client
          .resource(
              """
              apiVersion: admissionregistration.k8s.io/v1
              kind: MutatingWebhookConfiguration
              metadata:
                name: schemagate
              webhooks:
                - name: deployments.schemagate.dev
                  admissionReviewVersions: ["v1"]
                  clientConfig:
                    service:
                      name: schemagate-webhook
                      namespace: schemagate-system
                      port: 443
                      path: /mutate-deployments
                  rules:
                    - apiGroups: ["apps"]
                      apiVersions: ["v1"]
                      resources: ["deployments"]
                      operations: ["CREATE", "UPDATE"]
                  objectSelector:
                    matchExpressions:
                      - key: schemagate.dev/migration
                        operator: Exists
                  failurePolicy: Fail
                  sideEffects: NoneOnDryRun
              """)
          .create();
    }
    Files.copy(
        Path.of(web.getSelfSignedCertificate().certificatePath()),
        caOut,
        StandardCopyOption.REPLACE_EXISTING);
    Path tmp = Path.of(portOut + ".tmp");
    Files.writeString(tmp, Integer.toString(server.getPort()), StandardCharsets.UTF_8);
    Files.move(tmp, portOut, StandardCopyOption.ATOMIC_MOVE);
    new CountDownLatch(1).await();
  }

  /** The mock logs every request at DEBUG (logback) and INFO (java.util.logging): warnings only. */
  private static void quietLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
    }
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
  }
}
