package dev.schemagate.e2e.cluster.controllers;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The images the test cluster can "pull": each image reference maps to the local directory of
 * migrations it would carry in {@code /migrations}. Every image runs the migrator; a container
 * {@code command} runs it too when its first word is one of the migrator's aliases (for application
 * images that ship a migrate command, such as {@code /app/migrate}).
 */
public final class ImageCatalog {

  /** Commands that stand for the migrator in images built on it. */
  public static final Set<String> DEFAULT_MIGRATOR_COMMANDS =
      Set.of(
          "/app/migrate",
          "migrate",
          "schemagate-migrator",
          "/opt/schemagate/bin/schemagate-migrator");

  private final Map<String, Path> migrations = new ConcurrentHashMap<>();
  private final Set<String> migratorCommands = ConcurrentHashMap.newKeySet();

  public ImageCatalog() {
    migratorCommands.addAll(DEFAULT_MIGRATOR_COMMANDS);
  }

  /** Registers (or replaces) an image and the migrations directory it carries. */
  public ImageCatalog register(String image, Path migrationsDirectory) {
    migrations.put(image, migrationsDirectory.toAbsolutePath());
    return this;
  }

  /** Adds a command that runs the migrator in every image. */
  public ImageCatalog addMigratorCommand(String command) {
    migratorCommands.add(command);
    return this;
  }

  public Optional<Path> migrations(String image) {
    return Optional.ofNullable(migrations.get(image));
  }

  public boolean isMigratorCommand(String command) {
    return migratorCommands.contains(command);
  }

  public List<String> images() {
    return List.copyOf(migrations.keySet());
  }
}
