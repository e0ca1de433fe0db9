package dev.schemagate.bench.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.Test;

class TimedDispatcherTest {

  @Test
  void namesTheKindOfRequest() {
    assertThat(kind(HttpMethod.PATCH, "/apis/batch/v1/namespaces/a/jobs/app-1-abc/status"))
        .isEqualTo("PATCH jobs/status");
    assertThat(kind(HttpMethod.POST, "/api/v1/namespaces/a/events")).isEqualTo("POST events");
    assertThat(
            kind(
                HttpMethod.GET,
                "/apis/apps/v1/deployments?labelSelector=schemagate.dev%2Fmigration&watch=true"))
        .isEqualTo("GET deployments (watch)");
    assertThat(
            kind(
                HttpMethod.PATCH,
                "/apis/schemagate.dev/v1alpha1/namespaces/a/databasemigrations/app-1/status"))
        .isEqualTo("PATCH databasemigrations/status");
  }

  private static String kind(HttpMethod method, String path) {
    return TimedDispatcher.kind(
        new RecordedRequest("HTTP/1.1", method, path, Headers.builder().build(), null));
  }
}
