package dev.schemagate.helm.testutil;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The objects of one `helm template` output, each with its raw YAML (the comments are kept there).
 */
public final class Manifests {

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  private final List<Manifest> objects;

  private Manifests(List<Manifest> objects) {
    this.objects = List.copyOf(objects);
  }

  public static Manifests parse(String renderedYaml) {
    List<Manifest> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(renderedYaml)) {
      JsonNode node = readTree(document);
      if (node != null && !node.isMissingNode() && !node.isNull()) {
        objects.add(new Manifest(node, document));
      }
    }
    return new Manifests(objects);
  }

  public List<Manifest> all() {
    return objects;
  }

  public List<Manifest> ofKind(String kind) {
    return objects.stream().filter(o -> o.kind().equals(kind)).toList();
  }

  public Optional<Manifest> find(String kind, String name) {
    return ofKind(kind).stream().filter(o -> o.name().equals(name)).findFirst();
  }

  /** The only object of this kind; fails when there is none or more than one. */
  public Manifest single(String kind) {
    List<Manifest> found = ofKind(kind);
    if (found.size() != 1) {
      throw new AssertionError("Expected exactly one " + kind + " but found " + found.size());
    }
    return found.get(0);
  }

  private static JsonNode readTree(String document) {
    try {
      return YAML.readTree(document);
    } catch (JsonProcessingException e) {
      throw new AssertionError("Rendered YAML does not parse:\n" + document, e);
    }
  }
}
