package dev.schemagate.e2e.cluster.apiserver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes API request path taken apart: {@code
 * /api/v1/namespaces/shop/pods/p1/log?tailLines=5} or {@code /apis/apps/v1/deployments}. Pure.
 *
 * @param path the path without the query
 * @param group API group, "" for the core group; null when the path is not a resource path
 * @param version API version; null for {@code /api} and {@code /apis}
 * @param namespace namespace in the path, or null
 * @param resource plural resource name, or null for group and version documents
 * @param name object name, or null for collections
 * @param subresource {@code status}, {@code log}, {@code scale}, ... or null
 * @param query decoded query parameters (the first value of each)
 */
public record ApiPath(
    String path,
    String group,
    String version,
    String namespace,
    String resource,
    String name,
    String subresource,
    Map<String, String> query) {

  public static ApiPath parse(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    Map<String, String> query = q < 0 ? Map.of() : query(pathAndQuery.substring(q + 1));
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    if (parts.isEmpty()) {
      return new ApiPath(path, null, null, null, null, null, null, query);
    }
    int rest;
    String group;
    String version = null;
    if (parts.get(0).equals("api")) {
      group = "";
      if (parts.size() > 1) {
        version = parts.get(1);
      }
      rest = 2;
    } else if (parts.get(0).equals("apis")) {
      if (parts.size() == 1) {
        return new ApiPath(path, null, null, null, null, null, null, query);
      }
      group = parts.get(1);
      if (parts.size() > 2) {
        version = parts.get(2);
      }
      rest = 3;
    } else {
      return new ApiPath(path, null, null, null, null, null, null, query);
    }
    List<String> tail = parts.size() > rest ? parts.subList(rest, parts.size()) : List.of();
    String namespace = null;
    // namespaces/<ns>/<resource>...: a namespaced resource; namespaces[/<name>] alone: the
    // namespace.
    if (tail.size() >= 3 && tail.get(0).equals("namespaces")) {
      namespace = tail.get(1);
      tail = tail.subList(2, tail.size());
    }
    String resource = tail.size() > 0 ? tail.get(0) : null;
    String name = tail.size() > 1 ? tail.get(1) : null;
    String subresource = tail.size() > 2 ? String.join("/", tail.subList(2, tail.size())) : null;
    return new ApiPath(path, group, version, namespace, resource, name, subresource, query);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      query.putIfAbsent(key, value);
    }
    return Map.copyOf(query);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** A path to one object or a collection of some resource (not a discovery document). */
  public boolean isResource() {
    return resource != null;
  }

  /** The object path without the subresource: what a GET of the whole object uses. */
  public String objectPath() {
    StringBuilder out = new StringBuilder(group.isEmpty() ? "/api/" : "/apis/" + group + "/");
    out.append(version);
    if (namespace != null) {
      out.append("/namespaces/").append(namespace);
    }
    out.append('/').append(resource);
    if (name != null) {
      out.append('/').append(name);
    }
    return out.toString();
  }

  public boolean isWatch() {
    String watch = query.get("watch");
    return "true".equals(watch) || "1".equals(watch);
  }

  /** {@code ?dryRun=All}: admit and validate, but store nothing. */
  public boolean isDryRun() {
    return query.containsKey("dryRun");
  }

  /** The group/version string of API documents, e.g. {@code apps/v1} or {@code v1}. */
  public String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }
}
