package dev.schemagate.e2e.cluster.controllers;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the Kubernetes Job controller for the test cluster: for a Job that is not suspended it
 * creates one pod at a time (handing it to the {@link Kubelet}), a new one after each failure up to
 * {@code backoffLimit}, and writes the Job status as the real controller does: {@code startTime},
 * {@code active}/{@code succeeded}/{@code failed}, and the conditions {@code
 * SuccessCriteriaMet}+{@code Complete}, {@code FailureTarget}+{@code Failed} (reasons {@code
 * BackoffLimitExceeded}, {@code DeadlineExceeded}) or {@code Suspended}. Suspending a Job, its
 * deadline passing, or deleting it removes its running pods. Event-driven (a Job informer and the
 * kubelet's callbacks); reconciles one Job at a time from fresh reads.
 */
public final class JobController implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JobController.class);

  static final String JOB_NAME = "batch.kubernetes.io/job-name";
  static final String LEGACY_JOB_NAME = "job-name";
  static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final KubernetesClient client;
  private final Kubelet kubelet;
  private final WorkQueue queue;
  private final SharedIndexInformer<Job> informer;

  public JobController(KubernetesClient client, Kubelet kubelet) {
    this.client = client;
    this.kubelet = kubelet;
    this.queue = new WorkQueue("job-controller", this::reconcile);
    kubelet.onFinished(pod -> queue.add(jobKey(pod)));
    this.informer =
        client
            .batch()
            .v1()
            .jobs()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Job job) {
                    queue.add(key(job));
                  }

                  @Override
                  public void onUpdate(Job old, Job job) {
                    queue.add(key(job));
                  }

                  @Override
                  public void onDelete(Job job, boolean unknown) {
                    queue.add(key(job));
                  }
                });
  }

  private void reconcile(String key) {
    String[] parts = key.split("/", 2);
    String namespace = parts[0];
    String name = parts[1];
    Job job = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
    List<Pod> pods =
        client.pods().inNamespace(namespace).withLabel(JOB_NAME, name).list().getItems();
    if (job == null) {
      deletePods(pods); // garbage collection of the Job's pods
      return;
    }
    pods = pods.stream().filter(p -> ownedBy(p, job)).toList();
    JobStatus status = job.getStatus() == null ? new JobStatus() : job.getStatus();
    if (JobStatuses.isFinished(status)) {
      return;
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    List<Pod> active = pods.stream().filter(p -> !isFinished(p)).toList();
    int succeeded = (int) pods.stream().filter(p -> "Succeeded".equals(phase(p))).count();
    int failed = (int) pods.stream().filter(p -> "Failed".equals(phase(p))).count();
    JobStatus next;
    if (Boolean.TRUE.equals(job.getSpec().getSuspend())) {
      deletePods(active);
      next = JobStatuses.suspended(status, succeeded, failed, now);
    } else if (succeeded > 0) {
      next = JobStatuses.complete(status, succeeded, failed, now);
    } else if (failed > Objects.requireNonNullElse(job.getSpec().getBackoffLimit(), 6)) {
      next =
          JobStatuses.failed(
              status,
              failed,
              now,
              "BackoffLimitExceeded",
              "Job has reached the specified backoff limit");
    } else if (deadlinePassed(job, status, now)) {
      deletePods(active);
      next =
          JobStatuses.failed(
              status,
              failed,
              now,
              "DeadlineExceeded",
              "Job was active longer than specified deadline");
    } else {
      int activeCount = active.size();
      if (activeCount == 0) {
        createPod(job);
        activeCount = 1;
      }
      next = JobStatuses.running(status, activeCount, failed, now);
      scheduleDeadline(job, next, now);
    }
    if (!next.equals(job.getStatus())) {
      writeStatus(job, next);
    }
  }

  private static boolean deadlinePassed(Job job, JobStatus status, Instant now) {
    Long deadline = job.getSpec().getActiveDeadlineSeconds();
    if (deadline == null || status.getStartTime() == null) {
      return false;
    }
    return !now.isBefore(Instant.parse(status.getStartTime()).plusSeconds(deadline));
  }

  private void scheduleDeadline(Job job, JobStatus status, Instant now) {
    Long deadline = job.getSpec().getActiveDeadlineSeconds();
    if (deadline != null && status.getStartTime() != null) {
      Instant at = Instant.parse(status.getStartTime()).plusSeconds(deadline);
      queue.addLater(key(job), Math.max(0, at.toEpochMilli() - now.toEpochMilli()) + 1000);
    }
  }

  private void createPod(Job job) {
    String name = job.getMetadata().getName() + "-" + suffix();
    Map<String, String> labels = new HashMap<>();
    if (job.getSpec().getTemplate().getMetadata() != null
        && job.getSpec().getTemplate().getMetadata().getLabels() != null) {
      labels.putAll(job.getSpec().getTemplate().getMetadata().getLabels());
    }
    labels.put(JOB_NAME, job.getMetadata().getName());
    labels.put(LEGACY_JOB_NAME, job.getMetadata().getName());
    labels.put(CONTROLLER_UID, job.getMetadata().getUid());
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(job.getMetadata().getNamespace())
            .withLabels(labels)
            .withAnnotations(
                job.getSpec().getTemplate().getMetadata() == null
                    ? null
                    : job.getSpec().getTemplate().getMetadata().getAnnotations())
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion("batch/v1")
                    .withKind("Job")
                    .withName(job.getMetadata().getName())
                    .withUid(job.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(true)
                    .build())
            .endMetadata()
            .withSpec(job.getSpec().getTemplate().getSpec())
            .editSpec()
            .withNodeName(Kubelet.NODE)
            .endSpec()
            .withNewStatus()
            .withPhase("Pending")
            .endStatus()
            .build();
    Pod created =
        client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
    LOG.info("Job {}: created pod {}", key(job), name);
    kubelet.start(created);
  }

  private void deletePods(List<Pod> pods) {
    for (Pod pod : pods) {
      kubelet.kill(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
      try {
        client
            .pods()
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(pod.getMetadata().getName())
            .delete();
      } catch (KubernetesClientException e) {
        LOG.debug("Pod {} not deleted: {}", pod.getMetadata().getName(), e.getMessage());
      }
    }
  }

  private void writeStatus(Job job, JobStatus status) {
    try {
      client
          .batch()
          .v1()
          .jobs()
          .inNamespace(job.getMetadata().getNamespace())
          .withName(job.getMetadata().getName())
          .editStatus(
              j -> {
                j.setStatus(status);
                return j;
              });
    } catch (KubernetesClientException e) {
      LOG.debug("Job {} status not written: {}", key(job), e.getMessage());
    }
  }

  private static boolean ownedBy(Pod pod, Job job) {
    return pod.getMetadata().getOwnerReferences() != null
        && pod.getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> job.getMetadata().getUid().equals(o.getUid()));
  }

  private static boolean isFinished(Pod pod) {
    String phase = phase(pod);
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private static String phase(Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }

  private static String suffix() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }

  private static String key(Job job) {
    return job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
  }

  private static String jobKey(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getLabels().get(JOB_NAME);
  }

  @Override
  public void close() {
    informer.close();
    queue.close();
  }
}
