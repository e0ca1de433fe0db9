package dev.schemagate.operator.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code /healthz} (the process answers), {@code /readyz} (the informers have synced) and {@code
 * /metrics} (Prometheus text format), on the JDK's built-in HTTP server.
 */
public final class OperatorHttpServer implements AutoCloseable {

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private OperatorHttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static OperatorHttpServer start(
      int port, BooleanSupplier ready, PrometheusMeterRegistry registry) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/healthz", respond(() -> new Reply(200, "text/plain", "ok")));
    server.createContext(
        "/readyz",
        respond(
            () ->
                ready.getAsBoolean()
                    ? new Reply(200, "text/plain", "ok")
                    : new Reply(
                        503, "text/plain", "not ready: informers syncing or webhook not serving")));
    server.createContext(
        "/metrics", respond(() -> new Reply(200, PROMETHEUS_TEXT, registry.scrape())));
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2, Thread.ofPlatform().name("schemagate-http-", 0).daemon(true).factory());
    server.setExecutor(executor);
    server.start();
    return new OperatorHttpServer(server, executor);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private record Reply(int status, String contentType, String body) {}

  private static HttpHandler respond(Supplier<Reply> reply) {
    return exchange -> {
      try (exchange) {
        String method = exchange.getRequestMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
          send(exchange, new Reply(405, "text/plain", "method not allowed"), false);
          return;
        }
        if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
          send(exchange, new Reply(404, "text/plain", "not found"), false);
          return;
        }
        send(exchange, reply.get(), "HEAD".equals(method));
      }
    };
  }

  private static void send(HttpExchange exchange, Reply reply, boolean headOnly)
      throws IOException {
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", reply.contentType());
    exchange.sendResponseHeaders(reply.status(), headOnly ? -1 : body.length);
    if (!headOnly) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
