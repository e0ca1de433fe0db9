package dev.schemagate.operator.testutil;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Wraps the mock API server's dispatcher so that it misbehaves like an overloaded or flaky API
 * server towards one client: a share of that client's requests is answered with 500, 409 or 429, or
 * slowly. Every write that reaches the store is handed, in the store's order, to a {@link
 * WriteObserver}.
 *
 * <p>The faults, each drawn with equal chance among those that fit the request:
 *
 * <ul>
 *   <li>{@link Fault#ERROR_500}: refused before the store sees it;
 *   <li>{@link Fault#ERROR_500_AFTER_WRITE} (writes): stored, but the answer is lost — the client
 *       sees 500 and typically sends the write again;
 *   <li>{@link Fault#CONFLICT_409} (creates, updates and patches): refused with 409 Conflict, as
 *       for a stale resourceVersion or a name that exists;
 *   <li>{@link Fault#TOO_MANY_429}: refused with 429 and {@code Retry-After: 1}, as API priority
 *       and fairness does;
 *   <li>{@link Fault#SLOW}: served, but the body arrives 100–600 ms late (the write, if any, is
 *       already stored and its watch events sent).
 * </ul>
 *
 * <p>Independently of faults, an exception thrown while applying a request (the mock throws on a
 * JSON Patch whose {@code test} operation fails, and then never answers) becomes the 422 a real API
 * server sends, so that guarded patches behave as in a cluster.
 */
public final class FaultInjectingDispatcher extends Dispatcher {

  /** What the server does wrong with one request. */
  public enum Fault {
    ERROR_500,
    ERROR_500_AFTER_WRITE,
    CONFLICT_409,
    TOO_MANY_429,
    SLOW
  }

  /** Sees every write the store applied, in the store's order. */
  @FunctionalInterface
  public interface WriteObserver {
    /**
     * @param method POST, PUT, PATCH or DELETE
     * @param path the request path with its query
     * @param body the stored object as the server returns it (JSON), or empty
     */
    void written(String method, String path, String body);
  }

  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

  private final Dispatcher delegate;
  private final Predicate<RecordedRequest> target;
  private final double rate;
  private final Random random;
  private final WriteObserver observer;
  private final Map<Fault, AtomicInteger> injected = new EnumMap<>(Fault.class);
  private final AtomicInteger targetedRequests = new AtomicInteger();
  private volatile boolean enabled = true;

  /**
   * @param target which requests may get a fault (e.g. those of the operator's client)
   * @param rate share of those requests that get one (0.1: 10%)
   * @param seed for the random choices, so that a failing run can be repeated
   */
  public FaultInjectingDispatcher(
      Dispatcher delegate,
      Predicate<RecordedRequest> target,
      double rate,
      long seed,
      WriteObserver observer) {
    this.delegate = delegate;
    this.target = target;
    this.rate = rate;
    this.random = new Random(seed);
    this.observer = observer;
    for (Fault fault : Fault.values()) {
      injected.put(fault, new AtomicInteger());
    }
  }

  /** Requests whose User-Agent header is exactly {@code userAgent}. */
  public static Predicate<RecordedRequest> fromUserAgent(String userAgent) {
    return request -> userAgent.equals(request.getHeader("User-Agent"));
  }

  /** Turns the faults on or off (writes are observed either way). */
  public void setEnabled(boolean on) {
    enabled = on;
  }

  /** How many faults of each kind were injected so far. */
  public Map<Fault, Integer> injected() {
    Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
    injected.forEach((fault, count) -> counts.put(fault, count.get()));
    return counts;
  }

  /** How many requests of the targeted client the server saw. */
  public int targetedRequests() {
    return targetedRequests.get();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    boolean write = WRITES.contains(method);
    Fault fault = null;
    if (target.test(request)) {
      targetedRequests.incrementAndGet();
      fault = enabled ? draw(method, write) : null;
    }
    if (fault != null) {
      injected.get(fault).incrementAndGet();
      switch (fault) {
        case ERROR_500 -> {
          return status(500, "InternalError");
        }
        case CONFLICT_409 -> {
          return status(409, "Conflict");
        }
        case TOO_MANY_429 -> {
          return status(429, "TooManyRequests").setHeader("Retry-After", "1");
        }
        default -> {}
      }
    }
    MockResponse response;
    if (write) {
      // One write at a time through the store and the observer: the observer sees the store's
      // order.
      synchronized (this) {
        response = apply(request);
        if (response.code() / 100 == 2) {
          // getBytes() copies; readUtf8() would drain the body the client is about to receive.
          String body =
              response.getBody() == null
                  ? ""
                  : new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
          observer.written(method, request.getPath(), body);
        }
      }
    } else {
      response = apply(request);
    }
    if (fault == Fault.ERROR_500_AFTER_WRITE) {
      return status(500, "InternalError");
    }
    if (fault == Fault.SLOW) {
      response.setBodyDelay(Duration.ofMillis(100 + nextInt(500)));
    }
    return response;
  }

  private MockResponse apply(RecordedRequest request) {
    try {
      return delegate.dispatch(request);
    } catch (RuntimeException e) {
      boolean patchTestFailed = e.getClass().getName().contains("JsonPatch");
      return patchTestFailed ? status(422, "Invalid") : status(500, "InternalError");
    }
  }

  private Fault draw(String method, boolean write) {
    synchronized (random) {
      if (random.nextDouble() >= rate) {
        return null;
      }
      List<Fault> fitting = new ArrayList<>(List.of(Fault.ERROR_500, Fault.TOO_MANY_429));
      if (write) {
        fitting.add(Fault.ERROR_500_AFTER_WRITE);
      }
      if (!method.equals("DELETE") && write) {
        fitting.add(Fault.CONFLICT_409);
      }
      fitting.add(Fault.SLOW);
      return fitting.get(random.nextInt(fitting.size()));
    }
  }

  private int nextInt(int bound) {
    synchronized (random) {
      return random.nextInt(bound);
    }
  }

  private static MockResponse status(int code, String reason) {
    String body =
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
            + "\"message\":\"injected fault: HTTP "
            + code
            + "\",\"reason\":\""
            + reason
            + "\",\"code\":"
            + code
            + "}";
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(body);
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }
}
