package dev.schemagate.migrator.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.schemagate.migrator.config.SecretRedactor;
import java.nio.charset.StandardCharsets;

/**
 * Wraps an encoder and masks secrets in what it produces: the last line of defence should a library
 * log a URL or message that carries a password.
 */
final class RedactingEncoder extends EncoderBase<ILoggingEvent> {

  private final Encoder<ILoggingEvent> delegate;
  private final SecretRedactor redactor;

  RedactingEncoder(Encoder<ILoggingEvent> delegate, SecretRedactor redactor) {
    this.delegate = delegate;
    this.redactor = redactor;
  }

  @Override
  public byte[] headerBytes() {
    return delegate.headerBytes();
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    byte[] bytes = delegate.encode(event);
    if (bytes == null) {
      return null;
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    String redacted = redactor.redact(text);
    return redacted.equals(text) ? bytes : redacted.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] footerBytes() {
    return delegate.footerBytes();
  }

  @Override
  public void start() {
    delegate.start();
    super.start();
  }

  @Override
  public void stop() {
    delegate.stop();
    super.stop();
  }
}
