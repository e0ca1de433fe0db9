package dev.schemagate.e2e.cluster.apiserver;

import java.util.List;

/**
 * One resource the API server serves, as discovery describes it.
 *
 * @param group API group, "" for core
 * @param version API version
 * @param plural the resource name in paths
 * @param singular singular name
 * @param kind the kind
 * @param namespaced whether objects live in namespaces
 * @param shortNames kubectl's short names (e.g. {@code dbm})
 * @param categories e.g. {@code all}
 * @param subresources e.g. {@code status}, {@code log}
 */
public record ResourceType(
    String group,
    String version,
    String plural,
    String singular,
    String kind,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    List<String> subresources) {

  public String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  static ResourceType core(
      String plural, String kind, boolean namespaced, List<String> shortNames, String... sub) {
    return builtIn("", "v1", plural, kind, namespaced, shortNames, List.of(), sub);
  }

  static ResourceType builtIn(
      String group,
      String version,
      String plural,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      List<String> categories,
      String... subresources) {
    return new ResourceType(
        group,
        version,
        plural,
        kind.toLowerCase(java.util.Locale.ROOT),
        kind,
        namespaced,
        shortNames,
        categories,
        List.of(subresources));
  }
}
