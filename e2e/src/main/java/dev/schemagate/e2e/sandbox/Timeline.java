package dev.schemagate.e2e.sandbox;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/** Prints what happens, one line each: seconds since the start, who, what. Thread-safe. */
final class Timeline {

  private final PrintStream out;
  private final Instant start = Instant.now();

  Timeline(PrintStream out) {
    this.out = out;
  }

  synchronized void line(String actor, String text) {
    double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
    out.printf("[%6.1fs] %-9s %s%n", seconds, actor, text);
    out.flush();
  }

  synchronized void heading(String text) {
    out.println();
    out.println("== " + text);
    out.flush();
  }

  synchronized void plain(String text) {
    out.println(text);
    out.flush();
  }

  /** {@code orders@1111111}: an image reference short enough to read. */
  static String shortImage(String image) {
    if (image == null) {
      return "?";
    }
    int at = image.indexOf("@sha256:");
    String name = at < 0 ? image : image.substring(0, at);
    String repository = name.substring(name.lastIndexOf('/') + 1);
    return at < 0
        ? repository
        : repository + "@" + image.substring(at + 8, Math.min(image.length(), at + 15));
  }
}
