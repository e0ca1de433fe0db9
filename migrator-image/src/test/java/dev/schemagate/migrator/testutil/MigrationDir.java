package dev.schemagate.migrator.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A directory of migration files written by a test. */
public final class MigrationDir {

  private final Path path;

  private MigrationDir(Path path) {
    this.path = path;
  }

  /** A new empty directory under {@code parent}. */
  public static MigrationDir in(Path parent) {
    try {
      return new MigrationDir(Files.createTempDirectory(parent, "migrations"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes (or overwrites) {@code fileName}. */
  public MigrationDir file(String fileName, String sql) {
    try {
      Files.writeString(path.resolve(fileName), sql);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes {@code fileName}. */
  public MigrationDir delete(String fileName) {
    try {
      Files.delete(path.resolve(fileName));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path path() {
    return path;
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
