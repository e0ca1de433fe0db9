package dev.schemagate.operator.webhook.server;

/** Answers one JSON request body with one JSON response body. */
@FunctionalInterface
public interface JsonEndpoint {

  /**
   * @throws BadRequestException when the body is malformed (HTTP 400)
   * @throws RuntimeException when the answer cannot be computed now (HTTP 500)
   */
  byte[] handle(byte[] requestBody) throws BadRequestException;
}
