package dev.schemagate.e2e.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the kubelet keeps each pod's container log, and what the API server returns for {@code
 * pods/<name>/log}: the whole log, or its last {@code tailLines} lines, at most {@code limitBytes}.
 */
public final class PodLogs {

  private final Map<String, Path> files = new ConcurrentHashMap<>();

  public void register(String namespace, String pod, Path file) {
    files.put(key(namespace, pod), file);
  }

  public void forget(String namespace, String pod) {
    files.remove(key(namespace, pod));
  }

  /** The log text, or empty when the pod has no log (never ran, or unknown). */
  public Optional<String> read(
      String namespace, String pod, Integer tailLines, Integer limitBytes) {
    Path file = files.get(key(namespace, pod));
    if (file == null || !Files.isReadable(file)) {
      return Optional.empty();
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.of(limit(tail(text, tailLines), limitBytes));
  }

  static String tail(String text, Integer lines) {
    if (lines == null || lines < 0) {
      return text;
    }
    List<String> all = new ArrayList<>(List.of(text.split("\n", -1)));
    if (!all.isEmpty() && all.getLast().isEmpty()) {
      all.removeLast(); // the newline that ends the last line
    }
    List<String> kept = all.subList(Math.max(0, all.size() - lines), all.size());
    return kept.isEmpty() ? "" : String.join("\n", kept) + "\n";
  }

  private static String limit(String text, Integer bytes) {
    if (bytes == null || bytes <= 0) {
      return text;
    }
    byte[] raw = text.getBytes(StandardCharsets.UTF_8);
    return raw.length <= bytes ? text : new String(raw, 0, bytes, StandardCharsets.UTF_8);
  }

  private static String key(String namespace, String pod) {
    return namespace + "/" + pod;
  }
}
