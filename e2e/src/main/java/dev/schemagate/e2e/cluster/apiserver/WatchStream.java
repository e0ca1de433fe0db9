package dev.schemagate.e2e.cluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;

/**
 * Lets the mock's watch machinery (built for WebSockets) stream a watch over plain HTTP, as kubectl
 * watches: each event is written as one JSON object on its own line of a chunked response. Events
 * the client has already seen (the mock replays every object as ADDED when a watch opens, whatever
 * {@code resourceVersion} was asked for) are dropped.
 */
final class WatchStream implements WebSocket {

  private final RecordedRequest request;
  private final OutputStream out;
  private final long sinceVersion;
  private final UnaryOperator<String> rewrite;
  private final CountDownLatch closed = new CountDownLatch(1);

  WatchStream(
      RecordedRequest request, OutputStream out, long sinceVersion, UnaryOperator<String> rewrite) {
    this.request = request;
    this.out = out;
    this.sinceVersion = sinceVersion;
    this.rewrite = rewrite;
  }

  @Override
  public RecordedRequest request() {
    return request;
  }

  @Override
  public synchronized boolean send(String text) {
    if (closed.getCount() == 0) {
      return false;
    }
    if (alreadySeen(text)) {
      return true;
    }
    try {
      out.write((rewrite.apply(text) + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      return true;
    } catch (IOException e) {
      closed.countDown();
      return false;
    }
  }

  private boolean alreadySeen(String text) {
    if (sinceVersion <= 0) {
      return false;
    }
    try {
      JsonNode event = JsonTrees.parse(text);
      if (!"ADDED".equals(event.path("type").asText())) {
        return false;
      }
      String version = JsonTrees.resourceVersion(event.path("object"));
      return version != null && Long.parseLong(version) <= sinceVersion;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public boolean send(byte[] bytes) {
    return send(new String(bytes, StandardCharsets.UTF_8));
  }

  @Override
  public boolean close(int code, String reason) {
    closed.countDown();
    return true;
  }

  /** Blocks until the client went away, the server closed the watch, or the time is up. */
  boolean awaitClosed(long millis) throws InterruptedException {
    return closed.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
  }
}
