package dev.schemagate.bench.operator;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Measures the mock API server itself: how many requests it answered and how long it spent
 * computing the answers (its store does a linear scan per request, under one lock, on one event
 * loop). Busy time close to the wall-clock time of a phase means the mock, not the operator, set
 * the pace.
 */
final class TimedDispatcher extends Dispatcher {

  private final Dispatcher delegate;
  private final LongAdder requests = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private final LongAdder busyNanos = new LongAdder();
  private final LongAdder cpuNanos = new LongAdder();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final AtomicLong lastRequestNanos = new AtomicLong(System.nanoTime());
  private final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();
  private final Set<String> dispatchingThreads = ConcurrentHashMap.newKeySet();

  TimedDispatcher(Dispatcher delegate) {
    this.delegate = delegate;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    long start = System.nanoTime();
    long cpuStart = threads.getCurrentThreadCpuTime();
    dispatchingThreads.add(Thread.currentThread().getName());
    try {
      return delegate.dispatch(request);
    } finally {
      long end = System.nanoTime();
      busyNanos.add(end - start);
      cpuNanos.add(threads.getCurrentThreadCpuTime() - cpuStart);
      requests.increment();
      if (!"GET".equalsIgnoreCase(request.getMethod())) {
        writes.increment();
      }
      lastRequestNanos.set(end);
      byKind.computeIfAbsent(kind(request), k -> new LongAdder()).increment();
    }
  }

  /** E.g. {@code PATCH jobs/status}, {@code POST events}, {@code GET deployments (watch)}. */
  static String kind(RecordedRequest request) {
    String path = request.getPath();
    int query = path.indexOf('?');
    String bare = query < 0 ? path : path.substring(0, query);
    String[] parts = bare.split("/");
    String resource = "";
    for (int i = 0; i < parts.length - 1; i++) {
      if (parts[i].equals("namespaces") && i + 2 < parts.length) {
        resource = parts[i + 2];
        break;
      }
    }
    if (resource.isEmpty()) {
      // Cluster-scoped or all namespaces: the last path segment that is not a version.
      resource = parts.length == 0 ? "/" : parts[parts.length - 1];
    }
    boolean status = bare.endsWith("/status");
    boolean watch = query >= 0 && path.substring(query).contains("watch=true");
    return request.getMethod().toUpperCase(Locale.ROOT)
        + " "
        + resource
        + (status ? "/status" : "")
        + (watch ? " (watch)" : "");
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  /** A point-in-time reading; subtract two to describe a phase. */
  Snapshot snapshot() {
    Map<String, Long> kinds = new TreeMap<>();
    byKind.forEach((kind, count) -> kinds.put(kind, count.sum()));
    return new Snapshot(
        requests.sum(), writes.sum(), busyNanos.sum(), cpuNanos.sum(), System.nanoTime(), kinds);
  }

  /** Names of the threads that ran the dispatcher (Vert.x event loops). */
  Set<String> dispatchingThreads() {
    return Set.copyOf(dispatchingThreads);
  }

  /** Nanoseconds since the last request was answered. */
  long quietNanos() {
    return System.nanoTime() - lastRequestNanos.get();
  }

  /** Counters at one instant. */
  record Snapshot(
      long requests,
      long writes,
      long busyNanos,
      long cpuNanos,
      long atNanos,
      Map<String, Long> byKind) {

    /** Requests by kind since {@code earlier}, most frequent first, e.g. "POST events 2000". */
    String kindsSince(Snapshot earlier) {
      StringBuilder out = new StringBuilder();
      byKind.entrySet().stream()
          .map(
              e ->
                  Map.entry(e.getKey(), e.getValue() - earlier.byKind.getOrDefault(e.getKey(), 0L)))
          .filter(e -> e.getValue() > 0)
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .forEach(
              e ->
                  out.append(out.isEmpty() ? "" : ", ")
                      .append(e.getKey())
                      .append(' ')
                      .append(e.getValue()));
      return out.toString();
    }

    /** What happened between {@code earlier} and this snapshot. */
    String describeSince(Snapshot earlier) {
      long count = requests - earlier.requests;
      long busy = busyNanos - earlier.busyNanos;
      long cpu = cpuNanos - earlier.cpuNanos;
      long wall = atNanos - earlier.atNanos;
      return String.format(
          java.util.Locale.ROOT,
          "mock API server: %d requests (%d writes), in its dispatcher %.1f s of %.1f s (%.0f%%;"
              + " %.1f s of it on CPU), %.2f ms per request (%.2f ms CPU)",
          count,
          writes - earlier.writes,
          busy / 1e9,
          wall / 1e9,
          wall == 0 ? 0.0 : 100.0 * busy / wall,
          cpu / 1e9,
          count == 0 ? 0.0 : busy / 1e6 / count,
          count == 0 ? 0.0 : cpu / 1e6 / count);
    }
  }
}
