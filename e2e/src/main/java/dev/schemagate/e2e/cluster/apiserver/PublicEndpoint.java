package dev.schemagate.e2e.cluster.apiserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API server's public endpoint (plain HTTP on the loopback interface): what kubectl, tests and
 * the sandbox's user talk to. Writes pass mutating admission here, and watches stream over HTTP as
 * kubectl expects them ({@code kubectl get -w}, {@code kubectl wait}). Each request runs on its own
 * virtual thread, so a long watch or a slow webhook holds up nothing else. WebSocket watches (what
 * Fabric8 clients use) are served by the internal endpoint only.
 */
public final class PublicEndpoint implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PublicEndpoint.class);

  /** Longest watch, as an API server's request timeout bounds it. */
  private static final Duration MAX_WATCH = Duration.ofMinutes(30);

  private static final java.util.Set<String> SUPPORTED =
      java.util.Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

  private final HttpServer server;
  private final ExecutorService executor;
  private final ApiServerCore core;

  private PublicEndpoint(HttpServer server, ExecutorService executor, ApiServerCore core) {
    this.server = server;
    this.executor = executor;
    this.core = core;
  }

  public static PublicEndpoint start(ApiServerCore core, int port) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    PublicEndpoint endpoint = new PublicEndpoint(server, executor, core);
    server.setExecutor(executor);
    server.createContext("/", endpoint::handle);
    server.start();
    return endpoint;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!SUPPORTED.contains(exchange.getRequestMethod())) {
        respond(exchange, ApiResponses.failure(405, "MethodNotAllowed", "method not supported"));
        return;
      }
      RecordedRequest request = recorded(exchange);
      MockResponse response = core.handle(request, true);
      if (response.getWebSocketListener() != null) {
        stream(exchange, request, response);
      } else {
        respond(exchange, response);
      }
    } catch (RuntimeException e) {
      LOG.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
    }
  }

  private static RecordedRequest recorded(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    Headers.Builder headers = Headers.builder();
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      for (String value : header.getValue()) {
        headers.add(header.getKey(), value);
      }
    }
    String query = exchange.getRequestURI().getRawQuery();
    String path = exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query);
    return new RecordedRequest(
        "HTTP/1.1",
        HttpMethod.valueOf(exchange.getRequestMethod()),
        path,
        headers.build(),
        new Buffer(body));
  }

  private static void respond(HttpExchange exchange, MockResponse response) throws IOException {
    response
        .getHeaders()
        .toMultimap()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("Content-Length")) {
                exchange.getResponseHeaders().put(name, values);
              }
            });
    if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
      exchange.getResponseHeaders().set("Content-Type", ApiResponses.JSON);
    }
    byte[] body = response.getBody() == null ? new byte[0] : response.getBody().getBytes();
    exchange.sendResponseHeaders(response.code(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private void stream(HttpExchange exchange, RecordedRequest request, MockResponse response)
      throws IOException {
    ApiPath path = ApiPath.parse(request.getPath());
    long since = parseLong(path.query().get("resourceVersion"));
    long timeout = parseLong(path.query().get("timeoutSeconds"));
    long millis = timeout > 0 ? timeout * 1000 : MAX_WATCH.toMillis();
    exchange.getResponseHeaders().set("Content-Type", ApiResponses.JSON);
    exchange.sendResponseHeaders(200, 0);
    WebSocketListener listener = response.getWebSocketListener();
    try (OutputStream out = exchange.getResponseBody()) {
      out.flush();
      WatchStream socket = new WatchStream(request, out, since, core.watchEvents(request));
      listener.onOpen(socket, response);
      try {
        socket.awaitClosed(Math.min(millis, MAX_WATCH.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        // Not on the listener's own thread: it waits for that thread to finish.
        listener.onClosed(socket, 1000, "watch ended");
      }
    } catch (IOException e) {
      LOG.debug("watch {} ended: {}", request.getPath(), e.getMessage());
    }
  }

  private static long parseLong(String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
