package dev.schemagate.operator.examples;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The fields of a manifest that its Fabric8 model did not know: Fabric8 keeps them in {@code
 * additionalProperties} instead of failing, so a misspelt field ({@code readinesProbe}) would pass
 * as a valid object. Walks the typed object graph and lists every non-empty {@code
 * additionalProperties} with its path.
 */
final class UnknownFields {

  private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

  private UnknownFields() {}

  static List<String> of(Object model) {
    List<String> unknown = new ArrayList<>();
    collect(model, "", unknown);
    return unknown;
  }

  private static void collect(Object node, String path, List<String> unknown) {
    if (node == null) {
      return;
    }
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        collect(item, path + "[" + i++ + "]", unknown);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((key, value) -> collect(value, path + "." + key, unknown));
      return;
    }
    if (!node.getClass().getName().startsWith(MODEL_PACKAGE)) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value = invoke(getter, node);
      if (getter.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          unknown.add((path.isEmpty() ? "." : path) + " " + extra.keySet());
        }
        continue;
      }
      String property =
          Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
      collect(value, path + "." + property, unknown);
    }
  }

  private static Object invoke(Method getter, Object node) {
    try {
      return getter.invoke(node);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("Cannot read " + getter, e);
    }
  }
}
