package dev.schemagate.e2e.cluster.controllers;

import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet builds it: the image's variables, then {@code envFrom}
 * (Secrets and ConfigMaps, with prefixes), then {@code env} in order ({@code value} with {@code
 * $(VAR)} references, {@code secretKeyRef}, {@code configMapKeyRef}, {@code fieldRef}); later
 * entries win. A missing Secret, ConfigMap or key that is not optional is the kubelet's {@code
 * CreateContainerConfigError}. Pure, given the lookups.
 */
public final class ContainerEnv {

  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");

  /** Reads Secrets and ConfigMaps (decoded data) of the pod's namespace. */
  public interface Lookup {
    Optional<Map<String, String>> secret(String namespace, String name);

    Optional<Map<String, String>> configMap(String namespace, String name);
  }

  /** The container cannot be configured; the message is the kubelet's. */
  public static final class ConfigError extends Exception {
    public ConfigError(String message) {
      super(message);
    }
  }

  private ContainerEnv() {}

  public static Map<String, String> resolve(
      Pod pod, Container container, Map<String, String> imageEnv, Lookup lookup)
      throws ConfigError {
    String namespace = pod.getMetadata().getNamespace();
    Map<String, String> env = new LinkedHashMap<>(imageEnv);
    for (EnvFromSource source :
        Objects.requireNonNullElse(container.getEnvFrom(), java.util.List.<EnvFromSource>of())) {
      String prefix = Objects.requireNonNullElse(source.getPrefix(), "");
      Map<String, String> values = null;
      if (source.getSecretRef() != null) {
        String name = source.getSecretRef().getName();
        values = lookup.secret(namespace, name).orElse(null);
        if (values == null && !Boolean.TRUE.equals(source.getSecretRef().getOptional())) {
          throw new ConfigError("secret \"" + name + "\" not found");
        }
      } else if (source.getConfigMapRef() != null) {
        String name = source.getConfigMapRef().getName();
        values = lookup.configMap(namespace, name).orElse(null);
        if (values == null && !Boolean.TRUE.equals(source.getConfigMapRef().getOptional())) {
          throw new ConfigError("configmap \"" + name + "\" not found");
        }
      }
      if (values != null) {
        values.forEach((k, v) -> env.put(prefix + k, v));
      }
    }
    for (EnvVar var : Objects.requireNonNullElse(container.getEnv(), java.util.List.<EnvVar>of())) {
      String value = value(pod, var, env, lookup);
      if (value != null) {
        env.put(var.getName(), value);
      }
    }
    return env;
  }

  private static String value(Pod pod, EnvVar var, Map<String, String> env, Lookup lookup)
      throws ConfigError {
    if (var.getValueFrom() == null) {
      return expand(Objects.requireNonNullElse(var.getValue(), ""), env);
    }
    String namespace = pod.getMetadata().getNamespace();
    SecretKeySelector secretKey = var.getValueFrom().getSecretKeyRef();
    if (secretKey != null) {
      return key(
          lookup.secret(namespace, secretKey.getName()),
          "secret",
          namespace,
          secretKey.getName(),
          secretKey.getKey(),
          Boolean.TRUE.equals(secretKey.getOptional()));
    }
    ConfigMapKeySelector configKey = var.getValueFrom().getConfigMapKeyRef();
    if (configKey != null) {
      return key(
          lookup.configMap(namespace, configKey.getName()),
          "configmap",
          namespace,
          configKey.getName(),
          configKey.getKey(),
          Boolean.TRUE.equals(configKey.getOptional()));
    }
    ObjectFieldSelector field = var.getValueFrom().getFieldRef();
    if (field != null) {
      return fieldValue(pod, field.getFieldPath());
    }
    return null; // resourceFieldRef: not simulated
  }

  private static String key(
      Optional<Map<String, String>> source,
      String kind,
      String namespace,
      String name,
      String key,
      boolean optional)
      throws ConfigError {
    if (source.isEmpty()) {
      if (optional) {
        return null;
      }
      throw new ConfigError(kind + " \"" + name + "\" not found");
    }
    String value = source.get().get(key);
    if (value == null && !optional) {
      throw new ConfigError(
          "couldn't find key "
              + key
              + " in "
              + (kind.equals("secret") ? "Secret" : "ConfigMap")
              + " "
              + namespace
              + "/"
              + name);
    }
    return value;
  }

  static String fieldValue(Pod pod, String path) throws ConfigError {
    var metadata = pod.getMetadata();
    Matcher mapKey = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]").matcher(path);
    if (mapKey.matches()) {
      Map<String, String> map =
          mapKey.group(1).equals("labels") ? metadata.getLabels() : metadata.getAnnotations();
      return map == null ? "" : Objects.requireNonNullElse(map.get(mapKey.group(2)), "");
    }
    return switch (path) {
      case "metadata.name" -> metadata.getName();
      case "metadata.namespace" -> metadata.getNamespace();
      case "metadata.uid" -> metadata.getUid();
      case "spec.nodeName" -> pod.getSpec().getNodeName();
      case "spec.serviceAccountName" ->
          Objects.requireNonNullElse(pod.getSpec().getServiceAccountName(), "default");
      case "status.podIP", "status.hostIP" -> "127.0.0.1";
      default -> throw new ConfigError("unsupported fieldRef " + path);
    };
  }

  /** {@code $(VAR)} of a variable defined earlier; {@code $$} is a literal {@code $}. */
  static String expand(String value, Map<String, String> env) {
    Matcher matcher = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String replacement;
      if (matcher.group().equals("$$")) {
        replacement = "$";
      } else {
        replacement = env.getOrDefault(matcher.group(1), matcher.group());
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
