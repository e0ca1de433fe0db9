package dev.schemagate.migrator.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Builds the commands' picocli models through picocli's programmatic API instead of annotations.
 *
 * <p>Why: picocli's classes are Java 5 class files, which the JVM cannot keep in a class-data
 * sharing archive, and reading annotations makes the JVM generate a proxy class per annotation type
 * and inspect every field and method. In a new JVM, the annotated model of one command cost about
 * twice the CPU time of this one (about 90 ms more CPU, 40-50 ms more wall time on the 2-core build
 * machine), on every run of the migrator. The help text is the same.
 */
final class CommandSpecs {

  private CommandSpecs() {}

  /**
   * A command spec for {@code userObject} (which picocli runs: a {@code Callable} or {@code
   * Runnable}) with the standard {@code -h}/{@code --help} and {@code -V}/{@code --version}.
   */
  static CommandSpec command(String name, Object userObject, String... description) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(userObject).name(name);
    spec.usageMessage().description(description);
    spec.versionProvider(VERSION);
    spec.addOption(
        OptionSpec.builder("-h", "--help")
            .usageHelp(true)
            .description("Show this help message and exit.")
            .build());
    spec.addOption(
        OptionSpec.builder("-V", "--version")
            .versionHelp(true)
            .description("Print version information and exit.")
            .build());
    return spec;
  }

  /** Adds the footer with the environment variables and the exit codes ({@code "code:text"}). */
  static void footerAndExitCodes(CommandSpec spec, String... exitCodes) {
    spec.usageMessage().footerHeading("%n").footer(Help.FOOTER);
    Map<String, String> codes = new LinkedHashMap<>();
    for (String code : exitCodes) {
      int colon = code.indexOf(':');
      codes.put(code.substring(0, colon), code.substring(colon + 1));
    }
    spec.usageMessage().exitCodeListHeading(Help.EXIT_CODES_HEADING).exitCodeList(codes);
  }

  /** An option that takes a value, handed to {@code target} when parsed. */
  static OptionSpec text(
      String name, String paramLabel, Consumer<String> target, String... description) {
    return OptionSpec.builder(name)
        .paramLabel(paramLabel)
        .type(String.class)
        .description(description)
        .setter(new Setter<>(target))
        .build();
  }

  /** An option without a value, e.g. {@code --json}. */
  static OptionSpec flag(Consumer<Boolean> target, String description, String... names) {
    return OptionSpec.builder(names)
        .type(boolean.class)
        .initialValue(false)
        .description(description)
        .setter(new Setter<>(target))
        .build();
  }

  private static final IVersionProvider VERSION = new VersionProvider();

  /** Hands parsed values to a field of an options object (picocli's setter is generic). */
  private static final class Setter<V> implements ISetter {

    private final Consumer<V> target;

    Setter(Consumer<V> target) {
      this.target = target;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T set(T value) {
      target.accept((V) value);
      return null;
    }
  }
}
