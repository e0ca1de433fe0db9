package dev.schemagate.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.operator.testutil.MockCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The health and metrics endpoint of a running operator. */
class OperatorEndpointsIT {

  static MockCluster cluster;
  static SchemagateOperator operator;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    cluster = MockCluster.start();
    operator = SchemagateOperator.start(cluster.client(), Settings.forTests());
  }

  @AfterAll
  static void stop() {
    operator.stop();
    cluster.close();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operator.httpPort() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthAndReadinessAnswerOk() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = get("/readyz");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("ok");
    assertThat(operator.isReady()).isTrue();
  }

  @Test
  void metricsArePrometheusText() throws Exception {
    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    assertThat(metrics.body())
        .contains("schemagate_migration_runs_total{result=\"succeeded\"}")
        .contains("schemagate_migration_runs_total{result=\"failed\"}")
        .contains("schemagate_migration_run_duration_seconds_bucket")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void unknownPathsAndMethodsAreRefused() throws Exception {
    assertThat(get("/healthz/extra").statusCode()).isEqualTo(404);
    HttpResponse<String> post =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + operator.httpPort() + "/readyz"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void stoppingClosesTheEndpoint() throws Exception {
    MockCluster other = MockCluster.start();
    SchemagateOperator second = SchemagateOperator.start(other.client(), Settings.forTests());
    int port = second.httpPort();
    second.stop();
    other.close();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(java.io.IOException.class);
  }
}
