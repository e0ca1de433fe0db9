package dev.schemagate.helm.testutil;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Finds fields of a rendered object that Kubernetes does not define, such as a misspelled {@code
 * readOnlyRootFileSystem}. Fabric8's typed models keep every field they do not know in {@code
 * additionalProperties}; a field there is one the API server would drop or reject.
 */
public final class UnknownFields {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

  private UnknownFields() {}

  /**
   * Whether Kubernetes itself defines the kind (custom resources like ServiceMonitor it does not).
   */
  public static boolean isBuiltIn(Manifest manifest) {
    return !(SERIALIZATION.unmarshal(manifest.source()) instanceof GenericKubernetesResource);
  }

  /** The paths of the unknown fields of a built-in object; empty when all are known. */
  public static List<String> in(Manifest manifest) {
    if (!isBuiltIn(manifest)) {
      throw new IllegalArgumentException(
          manifest + " is a custom resource: no schema to check here");
    }
    KubernetesResource typed = SERIALIZATION.unmarshal(manifest.source());
    List<String> unknown = new ArrayList<>();
    collect(typed, manifest.kind(), unknown);
    return unknown;
  }

  private static void collect(Object value, String path, List<String> unknown) {
    if (value instanceof Collection<?> items) {
      int index = 0;
      for (Object item : items) {
        collect(item, path + "[" + index++ + "]", unknown);
      }
    } else if (value instanceof Map<?, ?> map) {
      map.forEach((key, item) -> collect(item, path + "[" + key + "]", unknown));
    } else if (value != null && value.getClass().getPackageName().startsWith(MODEL_PACKAGE)) {
      collectFromModel(value, path, unknown);
    }
  }

  /** Walks the JSON properties (the fields Fabric8 annotates) and the bag of unknown ones. */
  private static void collectFromModel(Object model, String path, List<String> unknown) {
    for (Class<?> type = model.getClass(); type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        if (field.getName().equals("additionalProperties")) {
          if (read(field, model) instanceof Map<?, ?> extra) {
            extra.keySet().forEach(key -> unknown.add(path + "." + key));
          }
        } else if (field.isAnnotationPresent(JsonProperty.class)) {
          collect(read(field, model), path + "." + field.getName(), unknown);
        }
      }
    }
  }

  private static Object read(Field field, Object target) {
    try {
      field.setAccessible(true);
      return field.get(target);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("Cannot read " + field, e);
    }
  }
}
