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

    /**
     * On a Deployment held by Schemagate: the image it waits for. Set together with {@code
     * spec.paused: true}, it is the marker that the pause is Schemagate's own; a pause without it
     * is the user's and is never lifted.
     */
    public static final String HELD_FOR = "schemagate.dev/held-for";

    /**
     * Value prefix of {@link #HELD_FOR} when the gated container does not exist (there is no image
     * to name); followed by the missing container's name.
     */
    public static final String HELD_FOR_MISSING_CONTAINER = "missing-container:";

    /**
     * On a Deployment held by Schemagate: when the hold began (RFC 3339). Set with the first hold,
     * kept while the held image changes, removed on release; the time held is measured from it.
     */
    public static final String HELD_SINCE = "schemagate.dev/held-since";

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

    /** Warning on a gated Deployment whose label names a DatabaseMigration that does not exist. */
    public static final String DATABASE_MIGRATION_NOT_FOUND = "DatabaseMigrationNotFound";

    private EventReasons() {}
  }

  /**
   * Why the rollout gate decided what it did about one Deployment: in the webhook's warnings and
   * logs, and (for holds and releases) in Events.
   */
  public static final class GateReasons {
    /** The gated image has no successful migration yet. */
    public static final String ROLLOUT_HELD = EventReasons.ROLLOUT_HELD;

    /** Schemagate lifts its own hold: the image is allowed (migrated, or a rollback). */
    public static final String ROLLOUT_RELEASED = EventReasons.ROLLOUT_RELEASED;

    /** The Deployment's label names a DatabaseMigration that does not exist: held. */
    public static final String DATABASE_MIGRATION_NOT_FOUND =
        EventReasons.DATABASE_MIGRATION_NOT_FOUND;

    /** The gate container named by {@code spec.gate.container} is not in the Deployment: held. */
    public static final String GATE_CONTAINER_NOT_FOUND = "GateContainerNotFound";

    /** The gate label was removed: Schemagate's own hold goes with it. */
    public static final String GATE_LABEL_REMOVED = "GateLabelRemoved";

    /** The Deployment does not carry the gate label. */
    public static final String NOT_GATED = "NotGated";

    /** The write cannot start a rollout (scale, metadata, status). */
    public static final String NO_ROLLOUT_CHANGE = "NoRolloutChange";

    /** The gated image has a successful migration. */
    public static final String IMAGE_ALLOWED = "ImageAllowed";

    private GateReasons() {}
  }

  /** The admission webhook. */
  public static final class Webhook {
    /** Name of the one webhook inside the MutatingWebhookConfiguration (the chart uses it too). */
    public static final String NAME = "deployments.schemagate.dev";

    /** HTTPS path the webhook is served on. */
    public static final String PATH = "/mutate-deployments";

    private Webhook() {}
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
