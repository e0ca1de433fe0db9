package dev.schemagate.migrator.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest ({@code Implementation-Version}). */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = MigratorCli.class.getPackage().getImplementationVersion();
    return new String[] {
      "schemagate-migrator " + (version == null ? "(development build)" : version)
    };
  }
}
