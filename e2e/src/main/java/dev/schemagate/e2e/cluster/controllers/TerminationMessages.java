package dev.schemagate.e2e.cluster.controllers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What the kubelet puts into {@code state.terminated.message}: the termination-message file (at
 * most 4096 bytes); with {@code FallbackToLogsOnError}, when the file is empty and the container
 * failed, the end of the log (at most 80 lines and 2048 bytes). Pure.
 */
public final class TerminationMessages {

  static final int MAX_FILE_BYTES = 4096;
  static final int FALLBACK_LINES = 80;
  static final int FALLBACK_BYTES = 2048;

  private TerminationMessages() {}

  public static String message(String file, String log, int exitCode, String policy) {
    String fromFile = file == null ? "" : cut(file, MAX_FILE_BYTES, false);
    if (!fromFile.isBlank()) {
      return fromFile;
    }
    if (exitCode != 0 && "FallbackToLogsOnError".equals(policy) && log != null) {
      List<String> lines = Arrays.asList(log.split("\n"));
      String tail =
          String.join(
              "\n", lines.subList(Math.max(0, lines.size() - FALLBACK_LINES), lines.size()));
      return cut(tail, FALLBACK_BYTES, true);
    }
    return "";
  }

  /** At most {@code max} bytes of UTF-8, from the start or (keepEnd) from the end. */
  static String cut(String text, int max, boolean keepEnd) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= max) {
      return text;
    }
    return keepEnd
        ? new String(bytes, bytes.length - max, max, StandardCharsets.UTF_8)
        : new String(bytes, 0, max, StandardCharsets.UTF_8);
  }
}
