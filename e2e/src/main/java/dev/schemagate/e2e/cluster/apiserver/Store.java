package dev.schemagate.e2e.cluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/** Reads of the API server's objects, in-process (no HTTP). */
public interface Store {

  /** The object at this path, if it exists. */
  Optional<JsonNode> get(String path);

  /** The items of the collection at this path (label selectors in the query work). */
  List<JsonNode> list(String path);
}
