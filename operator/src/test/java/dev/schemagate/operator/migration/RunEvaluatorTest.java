package dev.schemagate.operator.migration;

import static dev.schemagate.operator.testutil.Fixtures.image;
import static dev.schemagate.operator.testutil.Fixtures.migration;
import static dev.schemagate.operator.testutil.JobStates.active;
import static dev.schemagate.operator.testutil.JobStates.complete;
import static dev.schemagate.operator.testutil.JobStates.failed;
import static dev.schemagate.operator.testutil.JobStates.failedResult;
import static dev.schemagate.operator.testutil.JobStates.podOf;
import static dev.schemagate.operator.testutil.JobStates.running;
import static dev.schemagate.operator.testutil.JobStates.terminated;
import static dev.schemagate.operator.testutil.JobStates.unschedulable;
import static dev.schemagate.operator.testutil.JobStates.waiting;
import static dev.schemagate.operator.testutil.JobStates.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.operator.api.SchemagateConstants.Annotations;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunEvaluatorTest {

  static final Instant CREATED = Instant.parse("2025-01-01T10:00:00Z");
  static final Duration GRACE = Duration.ofMinutes(5);

  static Job job() {
    Job job = MigrationJobFactory.desiredJob(migration("orders", image("orders", 'a')));
    return new JobBuilder(job)
        .editMetadata()
        .withUid("job-uid")
        .withCreationTimestamp(CREATED.toString())
        .endMetadata()
        .build();
  }

  static RunOutcome evaluate(Job job, List<Pod> pods, Instant now) {
    return RunEvaluator.evaluate(job, pods, now, GRACE);
  }

  @Test
  void aJobWithoutPodIsPendingUntilTheGracePeriodEnds() {
    RunOutcome run = evaluate(job(), List.of(), CREATED.plusSeconds(10));
    assertThat(run.state()).isEqualTo(RunState.PENDING);
    assertThat(run.startDeadline()).isEqualTo(CREATED.plus(GRACE));
    assertThat(run.image()).isEqualTo(image("orders", 'a'));
    assertThat(run.stopRequired()).isFalse();
  }

  @Test
  void aJobWhosePodNeverAppearedFailsAfterTheGracePeriod() {
    RunOutcome run = evaluate(job(), List.of(), CREATED.plus(GRACE));
    assertThat(run.state()).isEqualTo(RunState.FAILED);
    assertThat(run.failure().getReason()).isEqualTo("PodStartTimeout");
    assertThat(run.failure().getMessage()).contains("within 5m").contains("no pod was created");
    assertThat(run.stopRequired()).isTrue();
  }

  @Test
  void aPodPullingItsImageIsPendingWithinTheGracePeriod() {
    Job job = job();
    Pod pod = waiting(podOf(job, "a", CREATED.plusSeconds(1)), "ImagePullBackOff", "Back-off");
    RunOutcome run = evaluate(job, List.of(pod), CREATED.plusSeconds(60));
    assertThat(run.state()).isEqualTo(RunState.PENDING);
    assertThat(run.startDeadline()).isEqualTo(CREATED.plusSeconds(1).plus(GRACE));
  }

  @Test
  void aPodStuckPullingItsImageFailsTheRunWithTheKubeletsReason() {
    Job job = job();
    Pod pod =
        waiting(
            podOf(job, "a", CREATED),
            "ImagePullBackOff",
            "Back-off pulling image \"registry.example.com/shop/orders@sha256:aaa\"");
    RunOutcome run = evaluate(job, List.of(pod), CREATED.plus(GRACE).plusSeconds(1));
    assertThat(run.state()).isEqualTo(RunState.FAILED);
    assertThat(run.stopRequired()).isTrue();
    assertThat(run.failure().getReason()).isEqualTo("ImagePullBackOff");
    assertThat(run.failure().getMessage())
        .contains("did not start within 5m")
        .contains("Back-off pulling image");
    assertThat(run.completionTime()).isEqualTo("2025-01-01T10:05:01Z");
  }

  @Test
  void aMissingSecretFailsTheRunAsCreateContainerConfigError() {
    Job job = job();
    Pod pod =
        waiting(podOf(job, "a", CREATED), "CreateContainerConfigError", "secret \"db\" not found");
    RunOutcome run = evaluate(job, List.of(pod), CREATED.plus(GRACE));
    assertThat(run.failure().getReason()).isEqualTo("CreateContainerConfigError");
    assertThat(run.failure().getMessage()).contains("secret \"db\" not found");
  }

  @Test
  void anUnschedulablePodFailsWithPodStartTimeoutAndTheSchedulersWord() {
    Job job = job();
    Pod pod = unschedulable(podOf(job, "a", CREATED), "0/3 nodes are available: Insufficient cpu.");
    RunOutcome run = evaluate(job, List.of(pod), CREATED.plus(GRACE));
    assertThat(run.failure().getReason()).isEqualTo("PodStartTimeout");
    assertThat(run.failure().getMessage()).contains("Insufficient cpu");
  }

  @Test
  void aRunningContainerIsRunningWhateverTheTime() {
    Job job = withStatus(job(), active(CREATED.plusSeconds(2)));
    Pod pod = running(podOf(job, "a", CREATED));
    RunOutcome run = evaluate(job, List.of(pod), CREATED.plus(Duration.ofHours(2)));
    assertThat(run.state()).isEqualTo(RunState.RUNNING);
    assertThat(run.startTime()).isEqualTo("2025-01-01T10:00:02Z");
    assertThat(run.podName()).isEqualTo(pod.getMetadata().getName());
    assertThat(run.startDeadline()).isNull();
  }

  @Test
  void aCompleteJobSucceeded() {
    Job job = withStatus(job(), complete(CREATED.plusSeconds(2), CREATED.plusSeconds(44)));
    RunOutcome run = evaluate(job, List.of(), CREATED.plusSeconds(50));
    assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(run.completionTime()).isEqualTo("2025-01-01T10:00:44Z");
    assertThat(run.durationSeconds()).isEqualTo(42.0);
    assertThat(run.failure()).isNull();
  }

  @Test
  void aFailedJobCarriesTheMigratorsResult() {
    Job job =
        withStatus(
            job(),
            failed(
                CREATED,
                CREATED.plusSeconds(30),
                "BackoffLimitExceeded",
                "Job has reached the specified backoff limit"));
    Pod pod =
        terminated(
            podOf(job, "a", CREATED),
            1,
            "Error",
            failedResult("3", "V3__add_index.sql", "42P01", "relation \\\"x\\\" does not exist"));
    RunOutcome run = evaluate(job, List.of(pod), CREATED.plusSeconds(31));
    assertThat(run.state()).isEqualTo(RunState.FAILED);
    assertThat(run.stopRequired()).isFalse();
    assertThat(run.completionTime()).isEqualTo("2025-01-01T10:00:30Z");
    assertThat(run.failure().getReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(run.failure().getMigration()).isEqualTo("V3__add_index.sql");
    assertThat(run.failure().getSqlState()).isEqualTo("42P01");
    assertThat(run.failure().getMessage()).isEqualTo("relation \"x\" does not exist");
    assertThat(run.failure().getLogTail()).isNull();
  }

  @Test
  void aFailedJobWithoutResultKeepsTheLogEndFromTheTerminationMessage() {
    Job job =
        withStatus(job(), failed(CREATED, CREATED.plusSeconds(5), "BackoffLimitExceeded", "m"));
    Pod pod =
        terminated(podOf(job, "a", CREATED), 2, "Error", "Exception: cannot connect\n\tat x.y\n");
    RunOutcome run = evaluate(job, List.of(pod), CREATED.plusSeconds(6));
    assertThat(run.failure().getMessage()).contains("exited with code 2");
    assertThat(run.failure().getLogTail()).isEqualTo("Exception: cannot connect\n\tat x.y");
    assertThat(run.failure().getMigration()).isNull();
  }

  @Test
  void anOutOfMemoryKillIsNamedAsSuch() {
    Job job =
        withStatus(job(), failed(CREATED, CREATED.plusSeconds(5), "BackoffLimitExceeded", "m"));
    Pod pod = terminated(podOf(job, "a", CREATED), 137, "OOMKilled", null);
    RunOutcome run = evaluate(job, List.of(pod), CREATED.plusSeconds(6));
    assertThat(run.failure().getReason()).isEqualTo("OOMKilled");
    assertThat(run.failure().getMessage()).contains("ran out of memory").contains("137");
  }

  @Test
  void aDeadlineIsReportedAsTheJobSays() {
    Job job =
        withStatus(
            job(),
            failed(
                CREATED,
                CREATED.plusSeconds(1800),
                "DeadlineExceeded",
                "Job was active longer than specified deadline"));
    RunOutcome run = evaluate(job, List.of(), CREATED.plusSeconds(1801));
    assertThat(run.failure().getReason()).isEqualTo("DeadlineExceeded");
    assertThat(run.failure().getMessage())
        .isEqualTo("Job was active longer than specified deadline");
  }

  @Test
  void aJobTheOperatorStoppedStaysFailedWithTheRecordedReason() {
    Job job =
        new JobBuilder(job())
            .editMetadata()
            .addToAnnotations(Annotations.FAILURE_REASON, "ImagePullBackOff")
            .addToAnnotations(Annotations.FAILURE_MESSAGE, "did not start")
            .endMetadata()
            .editSpec()
            .withSuspend(true)
            .endSpec()
            .build();
    RunOutcome run = evaluate(job, List.of(), CREATED.plus(Duration.ofHours(1)));
    assertThat(run.state()).isEqualTo(RunState.FAILED);
    assertThat(run.stopRequired()).isFalse();
    assertThat(run.failure().getReason()).isEqualTo("ImagePullBackOff");
    assertThat(run.failure().getMessage()).isEqualTo("did not start");
  }

  @Test
  void theNewestPodOfARetryingJobCounts() {
    Job job = withStatus(job(), active(CREATED));
    Pod first = terminated(podOf(job, "a", CREATED), 1, "Error", "boom");
    Pod second = running(podOf(job, "b", CREATED.plusSeconds(20)));
    RunOutcome run = evaluate(job, List.of(second, first), CREATED.plusSeconds(30));
    assertThat(run.state()).isEqualTo(RunState.RUNNING);
    assertThat(run.podName()).endsWith("-b");
  }

  @Test
  void podsOfOtherJobsAreIgnored() {
    Job job = job();
    Job other =
        new JobBuilder(job).editMetadata().withName("other").withUid("x").endMetadata().build();
    Pod foreign = running(podOf(other, "a", CREATED));
    assertThat(evaluate(job, List.of(foreign), CREATED.plusSeconds(1)).state())
        .isEqualTo(RunState.PENDING);
  }

  @Test
  void theRecordedAnnotationIsReported() {
    Job job =
        new JobBuilder(withStatus(job(), complete(CREATED, CREATED.plusSeconds(1))))
            .editMetadata()
            .addToAnnotations(Annotations.RECORDED_OUTCOME, "Succeeded")
            .endMetadata()
            .build();
    assertThat(evaluate(job, List.of(), CREATED.plusSeconds(2)).recorded()).isTrue();
  }
}
