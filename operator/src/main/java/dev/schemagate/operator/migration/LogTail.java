package dev.schemagate.operator.migration;

import java.nio.charset.StandardCharsets;

/** The end of a container log, bounded so that it fits in a status. */
public final class LogTail {

  /** At most this many bytes (UTF-8) of log are kept. */
  public static final int MAX_BYTES = 2048;

  /** Lines requested from the API server; more than 2 KiB usually holds. */
  public static final int REQUESTED_LINES = 64;

  private LogTail() {}

  /**
   * The last {@code maxBytes} bytes of {@code log}, starting at a line boundary when the cut falls
   * inside a line (unless that would leave nothing), never splitting a character.
   */
  public static String bound(String log, int maxBytes) {
    if (log == null) {
      return null;
    }
    String text = log.stripTrailing();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= maxBytes) {
      return text.isEmpty() ? null : text;
    }
    int start = bytes.length - maxBytes;
    // Skip UTF-8 continuation bytes (10xxxxxx) so the tail starts on a character.
    while (start < bytes.length && (bytes[start] & 0xC0) == 0x80) {
      start++;
    }
    String tail = new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
    int newline = tail.indexOf('\n');
    if (newline >= 0 && newline < tail.length() - 1) {
      tail = tail.substring(newline + 1);
    }
    return tail;
  }

  public static String bound(String log) {
    return bound(log, MAX_BYTES);
  }
}
