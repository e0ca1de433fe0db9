package dev.schemagate.operator.testutil;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Plays the part of the Deployment controller that matters to the gate: it starts a rollout (here:
 * records the first container's image) whenever it sees an unpaused Deployment whose pod template
 * differs from the one it rolled out last, and never while the Deployment is paused.
 */
public final class RolloutRecorder implements AutoCloseable {

  private final SharedIndexInformer<Deployment> informer;
  private final Map<String, PodTemplateSpec> rolledOut = new HashMap<>();
  private final Map<String, List<String>> rollouts = new HashMap<>();
  private final Set<String> seenVersions = new HashSet<>();

  public RolloutRecorder(KubernetesClient client, String namespace) {
    this.informer =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Deployment deployment) {
                    observe(deployment);
                  }

                  @Override
                  public void onUpdate(Deployment old, Deployment deployment) {
                    observe(deployment);
                  }

                  @Override
                  public void onDelete(Deployment deployment, boolean unknown) {}
                });
  }

  private synchronized void observe(Deployment deployment) {
    String name = deployment.getMetadata().getName();
    seenVersions.add(name + "@" + deployment.getMetadata().getResourceVersion());
    PodTemplateSpec template = deployment.getSpec().getTemplate();
    if (Boolean.TRUE.equals(deployment.getSpec().getPaused())
        || Objects.equals(template, rolledOut.get(name))) {
      return;
    }
    rolledOut.put(name, template);
    rollouts
        .computeIfAbsent(name, n -> new ArrayList<>())
        .add(template.getSpec().getContainers().getFirst().getImage());
  }

  /** True once the controller has seen this version of the Deployment. */
  public synchronized boolean hasSeen(Deployment deployment) {
    return seenVersions.contains(
        deployment.getMetadata().getName() + "@" + deployment.getMetadata().getResourceVersion());
  }

  /** The images the Deployment rolled out to, in order. */
  public synchronized List<String> rollouts(String name) {
    return List.copyOf(rollouts.getOrDefault(name, List.of()));
  }

  @Override
  public void close() {
    informer.close();
  }
}
