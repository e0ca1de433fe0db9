package dev.schemagate.e2e.cluster.admission;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One write the API server is about to store, as admission sees it.
 *
 * @param operation CREATE or UPDATE
 * @param group API group of the request path ("" for core)
 * @param version API version of the request path
 * @param resource plural resource
 * @param subresource subresource or null
 * @param namespace namespace, or null for cluster-scoped objects
 * @param name object name (may be empty for generateName creates)
 * @param object the new object
 * @param oldObject the stored object, on UPDATE
 * @param dryRun whether the write will not be stored
 */
public record AdmissionRequest(
    String operation,
    String group,
    String version,
    String resource,
    String subresource,
    String namespace,
    String name,
    JsonNode object,
    JsonNode oldObject,
    boolean dryRun) {

  public AdmissionRequest withObject(JsonNode newObject) {
    return new AdmissionRequest(
        operation,
        group,
        version,
        resource,
        subresource,
        namespace,
        name,
        newObject,
        oldObject,
        dryRun);
  }
}
