package dev.schemagate.operator.status;

/**
 * How creating the planned Job went.
 *
 * @param result what happened
 * @param message the API server's word when the Job could not be created, else null
 */
public record JobCreation(Result result, String message) {

  public static final JobCreation NOT_NEEDED = new JobCreation(Result.NOT_NEEDED, null);
  public static final JobCreation CREATED = new JobCreation(Result.CREATED, null);
  public static final JobCreation ALREADY_EXISTS = new JobCreation(Result.ALREADY_EXISTS, null);

  /** Outcomes of a create request. */
  public enum Result {
    NOT_NEEDED,
    CREATED,
    /** The Job was there already and is ours (a cache lag, or another instance made it). */
    ALREADY_EXISTS,
    /** A Job of that name exists and belongs to something else. */
    NAME_CONFLICT,
    /** The API server refused the Job as invalid (a spec field our checks do not cover). */
    REJECTED
  }

  public static JobCreation nameConflict(String message) {
    return new JobCreation(Result.NAME_CONFLICT, message);
  }

  public static JobCreation rejected(String message) {
    return new JobCreation(Result.REJECTED, message);
  }
}
