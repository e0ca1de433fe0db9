package dev.schemagate.migrator.logging;

import dev.schemagate.migrator.config.ConfigurationException;
import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** How log lines on stderr look. */
public enum LogFormat {
  TEXT,
  JSON;

  private static final Method IS_TERMINAL = isTerminalMethod();

  /** Parses {@code text}, {@code json} or {@code auto} (null means auto). */
  public static LogFormat parse(String value, boolean attachedToTerminal) {
    if (value == null || value.isBlank() || value.equalsIgnoreCase("auto")) {
      return attachedToTerminal ? TEXT : JSON;
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "text" -> TEXT;
      case "json" -> JSON;
      default ->
          throw new ConfigurationException(
              "log format must be text, json or auto; got '" + value + "'");
    };
  }

  /**
   * Whether log lines, which go to stderr, reach a terminal. On Linux (every container) the link
   * {@code /proc/self/fd/2} tells it exactly; elsewhere the JDK's console stands in, which looks at
   * stdin and stdout instead.
   */
  public static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return consoleIsTerminal();
    }
  }

  /**
   * Since JDK 22 {@link System#console()} also returns a console when the streams are redirected
   * and only {@code Console.isTerminal()} (not in the JDK 21 API we compile against) tells the
   * difference, so ask for it reflectively.
   */
  private static boolean consoleIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    if (IS_TERMINAL == null) {
      return true;
    }
    try {
      return (Boolean) IS_TERMINAL.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  private static Method isTerminalMethod() {
    try {
      return Console.class.getMethod("isTerminal");
    } catch (NoSuchMethodException e) {
      return null; // JDK 21: a console exists only for a terminal
    }
  }
}
