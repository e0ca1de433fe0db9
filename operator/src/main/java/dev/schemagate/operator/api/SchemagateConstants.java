package dev.schemagate.operator.api;

/**
 * Every label, annotation, condition type, reason and event reason Schemagate reads or writes.
 * Code, the Helm chart and the docs use these names; change them only together.
 */
public final class SchemagateConstants {

  public static final String GROUP = "schemagate.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String KIND = "DatabaseMigration";

  /** Name under which the operator writes (field manager) and reports (event source). */
  public static final String COMPONENT = "schemagate-operator";

  /** The one container of a migration Job's pod. */
  public static final String MIGRATION_CONTAINER = "migrate";

  /** Env var set on the migration container: the application image the migration prepares. */
  public static final String IMAGE_ENV_VAR = "SCHEMAGATE_IMAGE";

  private SchemagateConstants() {}

  /** Labels. */
  public static final class Labels {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "schemagate";

    /** Selector of every object the operator creates (Jobs and, through the template, pods). */
    public static final String MANAGED_BY_SELECTOR = MANAGED_BY + "=" + MANAGED_BY_VALUE;

    /**
     * Names the DatabaseMigration: on the operator's Jobs and pods, and on Deployments that opt
     * into the rollout gate.
     */
    public static final String MIGRATION = "schemagate.dev/migration";

    /** The run hash (8 hex) of a Job and its pods. */
    public static final String RUN_HASH = "schemagate.dev/run-hash";

    /** Set by the Kubernetes Job controller on a Job's pods. */
    public static final String JOB_NAME = "batch.kubernetes.io/job-name";

    /** Older spelling of {@link #JOB_NAME}, still set by the Job controller. */
    public static final String LEGACY_JOB_NAME = "job-name";

    private Labels() {}
  }

  /** Annotations. */
  public static final class Annotations {
    /** On a DatabaseMigration: any new value starts a new run of the same image. */
    public static final String RETRY = "schemagate.dev/retry";

    /** On a Deployment held by Schemagate: the image it waits for (the marker of our own pause). */
    public static final String HELD_FOR = "schemagate.dev/held-for";

    /** On a migration Job: the application image (spec.image) of the run. */
    public static final String IMAGE = "schemagate.dev/image";

    /** On a migration Job: the full run hash. */
    public static final String RUN_HASH = "schemagate.dev/run-hash";

    /**
     * On a finished migration Job: the outcome (Succeeded or Failed) the operator has recorded in
     * status, events and metrics, so that each run is reported once, across restarts too.
     */
    public static final String RECORDED_OUTCOME = "schemagate.dev/recorded-outcome";

    /**
     * On a migration Job the operator stopped because its pod never started: the failure reason.
     * Recorded on the Job so that the verdict survives operator restarts and deleted pods.
     */
    public static final String FAILURE_REASON = "schemagate.dev/failure-reason";

    /** Companion of {@link #FAILURE_REASON}: a human-readable message. */
    public static final String FAILURE_MESSAGE = "schemagate.dev/failure-message";

    private Annotations() {}
  }

  /**
   * Condition types (kstatus: Ready, and Reconciling / Stalled that are True only when abnormal).
   */
  public static final class ConditionTypes {
    public static final String READY = "Ready";
    public static final String RECONCILING = "Reconciling";
    public static final String STALLED = "Stalled";

    private ConditionTypes() {}
  }

  /** Reasons on the conditions. */
  public static final class ConditionReasons {
    public static final String SUCCEEDED = "MigrationSucceeded";
    public static final String PENDING = "MigrationPending";
    public static final String RUNNING = "MigrationRunning";
    public static final String WAITING_FOR_PREVIOUS_RUN = "WaitingForPreviousRun";
    public static final String FAILED = "MigrationFailed";
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String JOB_NAME_CONFLICT = "JobNameConflict";
    public static final String IDLE = "Idle";

    private ConditionReasons() {}
  }

  /** Reasons of the Events the operator records. */
  public static final class EventReasons {
    public static final String MIGRATION_STARTED = "MigrationStarted";
    public static final String MIGRATION_SUCCEEDED = "MigrationSucceeded";
    public static final String MIGRATION_FAILED = "MigrationFailed";
    public static final String ROLLOUT_HELD = "RolloutHeld";
    public static final String ROLLOUT_RELEASED = "RolloutReleased";
    public static final String INVALID_SPEC = "InvalidSpec";

    private EventReasons() {}
  }

  /** Values of {@code status.failure.reason}. */
  public static final class FailureReasons {
    public static final String BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";
    public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
    public static final String ERR_IMAGE_PULL = "ErrImagePull";
    public static final String IMAGE_PULL_BACK_OFF = "ImagePullBackOff";
    public static final String CREATE_CONTAINER_CONFIG_ERROR = "CreateContainerConfigError";
    public static final String OOM_KILLED = "OOMKilled";
    public static final String POD_START_TIMEOUT = "PodStartTimeout";
    public static final String JOB_DELETED = "JobDeleted";
    public static final String JOB_FAILED = "JobFailed";

    private FailureReasons() {}
  }
}
