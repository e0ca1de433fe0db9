package dev.schemagate.e2e.cluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Kubernetes JSONPath that CRD printer columns use: {@code .a.b}, {@code .a[0]}, {@code
 * .a[*].b} and {@code .a[?(@.type=="Ready")].status}. Pure.
 */
final class JsonPathLite {

  private static final Pattern FILTER =
      Pattern.compile("\\?\\(@\\.([A-Za-z0-9_-]+)\\s*==\\s*[\"']([^\"']*)[\"']\\)");

  private JsonPathLite() {}

  /** The matches of {@code path} in {@code root}, in document order. */
  static List<JsonNode> find(JsonNode root, String path) {
    List<JsonNode> current = List.of(root);
    for (String step : steps(path)) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        apply(step, node, next);
      }
      current = next;
    }
    return current;
  }

  /** The first match as text (objects and arrays as JSON), or "" when nothing matches. */
  static String text(JsonNode root, String path) {
    List<JsonNode> found = find(root, path);
    if (found.isEmpty() || found.getFirst().isNull()) {
      return "";
    }
    JsonNode first = found.getFirst();
    return first.isValueNode() ? first.asText() : first.toString();
  }

  private static List<String> steps(String path) {
    String p = path.strip();
    if (p.startsWith("{") && p.endsWith("}")) {
      p = p.substring(1, p.length() - 1);
    }
    List<String> steps = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '.') {
        if (!current.isEmpty()) {
          steps.add(current.toString());
          current.setLength(0);
        }
      } else if (c == '[') {
        if (!current.isEmpty()) {
          steps.add(current.toString());
          current.setLength(0);
        }
        int end = p.indexOf(']', i);
        steps.add(p.substring(i, end + 1));
        i = end;
      } else {
        current.append(c);
      }
    }
    if (!current.isEmpty()) {
      steps.add(current.toString());
    }
    return steps;
  }

  private static void apply(String step, JsonNode node, List<JsonNode> out) {
    if (!step.startsWith("[")) {
      JsonNode child = node.get(step);
      if (child != null) {
        out.add(child);
      }
      return;
    }
    String inner = step.substring(1, step.length() - 1).strip();
    if (!node.isArray()) {
      return;
    }
    if (inner.equals("*")) {
      node.forEach(out::add);
      return;
    }
    Matcher filter = FILTER.matcher(inner);
    if (filter.matches()) {
      for (JsonNode item : node) {
        JsonNode value = item.get(filter.group(1));
        if (value != null && value.asText().equals(filter.group(2))) {
          out.add(item);
        }
      }
      return;
    }
    int index = Integer.parseInt(inner);
    JsonNode item = node.get(index < 0 ? node.size() + index : index);
    if (item != null) {
      out.add(item);
    }
  }
}
