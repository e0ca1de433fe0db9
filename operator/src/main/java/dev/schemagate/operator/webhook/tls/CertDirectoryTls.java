package dev.schemagate.operator.webhook.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Certificates provided by someone else (cert-manager): {@code tls.crt} and {@code tls.key} in a
 * mounted directory, reloaded when their content changes. No Secret and no caBundle handling: the
 * provider (e.g. cert-manager's CA injector) owns both.
 */
public final class CertDirectoryTls {

  private static final Logger LOG = LoggerFactory.getLogger(CertDirectoryTls.class);

  private final Path directory;
  private final SwappableKeyManager keyManager;
  private byte[] loadedDigest;

  public CertDirectoryTls(Path directory, SwappableKeyManager keyManager) {
    this.directory = directory;
    this.keyManager = keyManager;
  }

  /**
   * Loads the files when they changed since the last load.
   *
   * @throws IllegalArgumentException when they cannot be read as a certificate and key; the one in
   *     service (if any) stays
   */
  public synchronized void sync() {
    String certificatePem = read(TlsSecretCodec.TLS_CRT);
    String keyPem = read(TlsSecretCodec.TLS_KEY);
    // A digest, not the PEM itself, is remembered so the key does not linger in memory twice.
    byte[] digest = digest(certificatePem, keyPem);
    if (Arrays.equals(digest, loadedDigest)) {
      return;
    }
    CertifiedKey key =
        new CertifiedKey(Pem.parsePrivateKey(keyPem), Pem.parseCertificates(certificatePem));
    if (!KeyPairs.matches(key.key(), key.certificate())) {
      // Read during a swap (old certificate, new key) or a broken provider: keep what we serve.
      throw new IllegalArgumentException(
          "tls.key in " + directory + " does not belong to tls.crt; will retry");
    }
    keyManager.swap(key);
    loadedDigest = digest;
    LOG.info(
        "serving webhook certificate from {} valid until {}",
        directory,
        key.certificate().getNotAfter().toInstant());
  }

  private String read(String file) {
    try {
      // Mounted Secrets are swapped atomically by the kubelet (symlinked ..data), so a plain read
      // sees either the old or the new pair of files.
      return Files.readString(directory.resolve(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + directory.resolve(file), e);
    }
  }

  private static byte[] digest(String certificatePem, String keyPem) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(certificatePem.getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) 0);
      sha256.update(keyPem.getBytes(StandardCharsets.UTF_8));
      return sha256.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
