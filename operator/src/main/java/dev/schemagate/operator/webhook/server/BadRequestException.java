package dev.schemagate.operator.webhook.server;

/** The request body is not something the endpoint can answer; the server replies 400. */
public class BadRequestException extends Exception {

  public BadRequestException(String message) {
    super(message);
  }

  public BadRequestException(String message, Throwable cause) {
    super(message, cause);
  }
}
