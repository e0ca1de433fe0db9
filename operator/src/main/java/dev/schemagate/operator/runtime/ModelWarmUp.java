package dev.schemagate.operator.runtime;

import dev.schemagate.operator.api.DatabaseMigration;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;

/**
 * Builds the client's JSON readers for the kinds the informers list, on a thread of its own, while
 * the main thread configures and starts the operator. Jackson builds a reader per class on first
 * use, by reflection over the whole model (a Pod's or a Deployment's is hundreds of classes): in a
 * new JVM that is a large part of start-up, and otherwise it all happens on the thread that starts
 * the informers, one kind after another.
 */
final class ModelWarmUp {

  private static final List<Class<? extends HasMetadata>> KINDS =
      List.of(DatabaseMigration.class, Job.class, Pod.class, Deployment.class);

  private ModelWarmUp() {}

  static void start(KubernetesSerialization serialization) {
    Thread.ofPlatform()
        .daemon()
        .name("schemagate-model-warm-up")
        .start(
            () -> {
              for (Class<? extends HasMetadata> kind : KINDS) {
                try {
                  serialization.unmarshal("{}", kind);
                } catch (RuntimeException e) {
                  // Only a head start: the informers build what they need anyway.
                }
              }
            });
  }
}
