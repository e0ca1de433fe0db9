package dev.schemagate.operator.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/**
 * The object a PATCH goes to, named and nothing else. Patches go through {@code
 * resource(PatchTarget.named(..)).patch(..)}: Fabric8's {@code withName(name).patch(..)} GETs the
 * object first only to learn what it already knows, a round trip per patch.
 */
final class PatchTarget {

  private PatchTarget() {}

  /** {@code empty} (a new, empty object of the kind) with only its name and namespace set. */
  static <T extends HasMetadata> T named(T empty, String namespace, String name) {
    empty.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    return empty;
  }
}
