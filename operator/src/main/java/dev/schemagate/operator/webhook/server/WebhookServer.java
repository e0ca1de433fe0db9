package dev.schemagate.operator.webhook.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS endpoint the API server calls: one POST path, JSON in and out, TLS 1.2 or newer.
 *
 * <p>The certificate comes from the {@link SSLContext}'s key manager, so rotating it (see {@code
 * SwappableKeyManager}) needs no restart. Work runs on a small bounded pool; when the pool and its
 * queue are full the accepting thread runs the exchange itself, which slows accepting instead of
 * dropping connections.
 */
public final class WebhookServer {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);

  /** Protocols offered, newest first. TLS 1.0/1.1 are never enabled. */
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  /**
   * Largest accepted body. An AdmissionReview carries the object and the old object, each at most
   * ~1.5 MiB in etcd, so a legitimate review stays below this.
   */
  public static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  private static final int MAX_THREADS = 8;
  private static final int QUEUE_SIZE = 64;
  private static final int STOP_GRACE_SECONDS = 1;

  private final HttpsServer server;
  private final ThreadPoolExecutor executor;

  private WebhookServer(HttpsServer server, ThreadPoolExecutor executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Binds {@code address} (port 0 picks a free port) and starts serving {@code path}. */
  public static WebhookServer start(
      InetSocketAddress address, SSLContext sslContext, String path, JsonEndpoint endpoint)
      throws IOException {
    HttpsServer server = HttpsServer.create(address, 0);
    server.setHttpsConfigurator(new ModernTlsConfigurator(sslContext));
    server.createContext(path, exchange -> serve(exchange, path, endpoint));
    ThreadPoolExecutor executor = boundedExecutor();
    executor.allowCoreThreadTimeOut(true);
    server.setExecutor(executor);
    server.start();
    LOG.info("webhook server listening on port {}", server.getAddress().getPort());
    return new WebhookServer(server, executor);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops accepting, lets running exchanges finish briefly, and releases the threads. */
  public void stop() {
    server.stop(STOP_GRACE_SECONDS);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static void serve(HttpExchange exchange, String path, JsonEndpoint endpoint)
      throws IOException {
    try (exchange) {
      // A context matches by prefix; only the exact path is ours.
      if (!path.equals(exchange.getRequestURI().getPath())) {
        reply(exchange, 404, "not found");
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        reply(exchange, 405, "only POST is supported");
        return;
      }
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (contentType != null
          && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
        reply(exchange, 415, "expected application/json");
        return;
      }
      byte[] body = readBounded(exchange);
      if (body == null) {
        reply(exchange, 413, "request body larger than " + MAX_BODY_BYTES + " bytes");
        return;
      }
      byte[] response;
      try {
        response = endpoint.handle(body);
      } catch (BadRequestException e) {
        reply(exchange, 400, e.getMessage());
        return;
      } catch (RuntimeException e) {
        LOG.error("webhook request failed", e);
        reply(exchange, 500, "internal error: " + e.getClass().getSimpleName());
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, response.length);
      exchange.getResponseBody().write(response);
    }
  }

  /** The body, or null when it exceeds {@link #MAX_BODY_BYTES}. */
  private static byte[] readBounded(HttpExchange exchange) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > MAX_BODY_BYTES) {
          return null;
        }
      } catch (NumberFormatException e) {
        return null;
      }
    }
    InputStream in = exchange.getRequestBody();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[16 * 1024];
    int total = 0;
    for (int n; (n = in.read(buffer)) != -1; ) {
      total += n;
      if (total > MAX_BODY_BYTES) {
        return null;
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static void reply(HttpExchange exchange, int status, String message) throws IOException {
    byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    // Send the error now: closing the exchange first drains any unread request body, which a
    // client that declared more than it sends would otherwise hold up.
    exchange.getResponseBody().flush();
  }

  private static ThreadPoolExecutor boundedExecutor() {
    AtomicInteger count = new AtomicInteger();
    return new ThreadPoolExecutor(
        MAX_THREADS,
        MAX_THREADS,
        60,
        TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(QUEUE_SIZE),
        runnable -> {
          Thread thread = new Thread(runnable, "schemagate-webhook-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        },
        new ThreadPoolExecutor.CallerRunsPolicy());
  }

  /** Restricts every connection to {@link #PROTOCOLS}; no client certificates are asked for. */
  private static final class ModernTlsConfigurator extends HttpsConfigurator {

    ModernTlsConfigurator(SSLContext context) {
      super(context);
    }

    @Override
    public void configure(HttpsParameters params) {
      SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
      String[] supported = getSSLContext().getSupportedSSLParameters().getProtocols();
      ssl.setProtocols(
          Arrays.stream(PROTOCOLS)
              .filter(p -> Arrays.asList(supported).contains(p))
              .toArray(String[]::new));
      ssl.setNeedClientAuth(false);
      params.setSSLParameters(ssl);
    }
  }
}
