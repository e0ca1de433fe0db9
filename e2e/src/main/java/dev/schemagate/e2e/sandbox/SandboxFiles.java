package dev.schemagate.e2e.sandbox;

import dev.schemagate.e2e.cluster.controllers.MigratorLauncher;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the sandbox finds what it needs from the repository (the migrator jar, the example
 * migrations): in the current directory (the repository root, where the README runs it), else next
 * to the sandbox jar's module ({@code e2e/target/..}).
 */
final class SandboxFiles {

  private SandboxFiles() {}

  static Optional<Path> find(String relative) {
    List<Path> candidates = new ArrayList<>();
    candidates.add(Path.of(relative));
    ownLocation()
        .ifPresent(
            jar -> {
              Path repo = jar.getParent();
              for (int i = 0; i < 3 && repo != null; i++, repo = repo.getParent()) {
                candidates.add(repo.resolve(relative));
              }
            });
    return candidates.stream()
        .filter(Files::exists)
        .map(p -> p.toAbsolutePath().normalize())
        .findFirst();
  }

  /** The migrator: the shaded jar the image carries, else this jar's own copy of its classes. */
  static MigratorLauncher launcher(Path explicitJar) {
    if (explicitJar != null) {
      return MigratorLauncher.jar(explicitJar);
    }
    Optional<Path> jar = find("migrator-image/target/schemagate-migrator.jar");
    if (jar.isPresent()) {
      return MigratorLauncher.jar(jar.get());
    }
    return MigratorLauncher.classpath(
        ownLocation()
            .orElseThrow(
                () -> new IllegalStateException("cannot find the migrator: pass --migrator-jar")));
  }

  static Optional<Path> ownLocation() {
    try {
      var source = SandboxFiles.class.getProtectionDomain().getCodeSource();
      return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
