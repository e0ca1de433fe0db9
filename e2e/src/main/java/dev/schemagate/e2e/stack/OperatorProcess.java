package dev.schemagate.e2e.stack;

import dev.schemagate.operator.runtime.RuntimeEnvironment;
import dev.schemagate.operator.runtime.SchemagateOperator;
import dev.schemagate.operator.runtime.Setting;
import dev.schemagate.operator.runtime.Settings;
import dev.schemagate.operator.webhook.WebhookSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;

/**
 * Starts the real operator in this JVM against the test cluster's internal endpoint, with its
 * admission webhook served over HTTPS on a free loopback port and registered by URL (the operator
 * then creates the MutatingWebhookConfiguration itself, with its own CA in the caBundle), as an
 * operator running outside a cluster does.
 */
public final class OperatorProcess {

  /** The operator's own namespace: its webhook Secret (CA and certificate) lives here. */
  public static final String NAMESPACE = "schemagate-system";

  private OperatorProcess() {}

  public static SchemagateOperator start(KubernetesClient client, String identity) {
    int port = freePort();
    WebhookSettings webhook =
        WebhookSettings.defaults(NAMESPACE)
            .withUrl(URI.create("https://127.0.0.1:" + port))
            .withPort(port);
    Settings settings =
        Settings.fromEnvironment(
                Map.of(
                    Setting.HTTP_PORT.variable(), "0",
                    Setting.NAMESPACE.variable(), NAMESPACE,
                    Setting.LEADER_ELECTION.variable(), "false"),
                RuntimeEnvironment.local())
            .withIdentity(identity)
            .withWebhook(webhook);
    return SchemagateOperator.start(client, settings);
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
