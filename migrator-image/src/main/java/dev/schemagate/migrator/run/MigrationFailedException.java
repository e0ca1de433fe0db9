package dev.schemagate.migrator.run;

/** A migration failed and was rolled back (or, without a transaction, stopped part-way). */
public class MigrationFailedException extends Exception {

  private final transient MigrationFailure failure;

  public MigrationFailedException(MigrationFailure failure) {
    super(failure.describe());
    this.failure = failure;
  }

  public MigrationFailure failure() {
    return failure;
  }
}
