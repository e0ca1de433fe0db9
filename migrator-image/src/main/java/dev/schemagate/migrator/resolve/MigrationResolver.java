package dev.schemagate.migrator.resolve;

import dev.schemagate.migrator.config.ConfigurationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds the migrations in a directory (not its subdirectories): reads each {@code .sql} file,
 * checksums it and orders the result by version. Names that fit no pattern are reported together as
 * one configuration error.
 */
public final class MigrationResolver {

  private static final Pattern NO_TRANSACTION_LINE =
      Pattern.compile("--\\s*schemagate:no-transaction\\s*", Pattern.CASE_INSENSITIVE);

  /** The migrations found, in version order, and the down files skipped. */
  public record Result(List<ResolvedMigration> migrations, List<String> skippedDownFiles) {}

  /** Reads {@code directory}. */
  public Result resolve(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new ConfigurationException(
          "migrations directory " + directory + " does not exist or is not a directory");
    }
    List<String> names = listFileNames(directory);
    List<ResolvedMigration> migrations = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<String> unrecognized = new ArrayList<>();
    MessageDigest sha256 = sha256();
    for (String name : names) {
      switch (MigrationFileName.classify(name)) {
        case MigrationFileName.Versioned v ->
            migrations.add(read(directory.resolve(name), name, v, sha256));
        case MigrationFileName.Down d -> skipped.add(name);
        case MigrationFileName.Unrecognized u -> unrecognized.add(name + " (" + u.hint() + ")");
        case MigrationFileName.NotSql n -> {}
      }
    }
    if (!unrecognized.isEmpty()) {
      throw new ConfigurationException(
          "not a migration file name in " + directory + ": " + String.join(", ", unrecognized));
    }
    migrations.sort(
        Comparator.comparing(ResolvedMigration::version).thenComparing(ResolvedMigration::script));
    return new Result(List.copyOf(migrations), List.copyOf(skipped));
  }

  private static List<String> listFileNames(Path directory) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        if (Files.isRegularFile(entry)) {
          names.add(entry.getFileName().toString());
        }
      }
    } catch (IOException e) {
      throw new ConfigurationException("cannot list migrations directory " + directory + ": " + e);
    }
    names.sort(null);
    return names;
  }

  private static ResolvedMigration read(
      Path file, String name, MigrationFileName.Versioned parsed, MessageDigest sha256) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigurationException("cannot read migration " + name + ": " + e);
    }
    String sql = stripByteOrderMark(decodeUtf8(bytes, name));
    String checksum = HexFormat.of().formatHex(sha256.digest(bytes));
    return new ResolvedMigration(
        parsed.version(), parsed.description(), name, checksum, sql, !startsWithMarker(sql));
  }

  private static String decodeUtf8(byte[] bytes, String name) {
    // The common case on the String constructor's fast path; it turns malformed input into U+FFFD,
    // so only text containing U+FFFD needs the strict decoder to tell a real one from an error.
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.indexOf('\uFFFD') < 0) {
      return text;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ConfigurationException("migration " + name + " is not valid UTF-8");
    }
  }

  private static String stripByteOrderMark(String text) {
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  static boolean startsWithMarker(String sql) {
    int end = sql.indexOf('\n');
    String firstLine = (end < 0 ? sql : sql.substring(0, end)).strip();
    return firstLine.startsWith("--") && NO_TRANSACTION_LINE.matcher(firstLine).matches();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
