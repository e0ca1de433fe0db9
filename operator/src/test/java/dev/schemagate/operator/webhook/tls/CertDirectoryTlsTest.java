package dev.schemagate.operator.webhook.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertDirectoryTlsTest {

  private final CertificateIssuer issuer = new CertificateIssuer();
  private final CertifiedKey ca = issuer.newAuthority(Instant.now());
  private final ServingNames names = ServingNames.forService("webhook", "ops");

  @Test
  void loadsOnlyWhenTheFilesChangeAndNeverAMismatchedPair(@TempDir Path directory)
      throws Exception {
    CertifiedKey first = issuer.issueServing(ca, names, Instant.now());
    CertifiedKey second = issuer.issueServing(ca, names, Instant.now());
    write(directory, first.chain().get(0), first);
    SwappableKeyManager keyManager = new SwappableKeyManager();
    CertDirectoryTls tls = new CertDirectoryTls(directory, keyManager);

    tls.sync();
    assertThat(keyManager.current().certificate()).isEqualTo(first.certificate());

    // Caught mid-rotation: new certificate, old key.
    write(directory, second.chain().get(0), first);
    assertThatThrownBy(tls::sync).hasMessageContaining("does not belong");
    assertThat(keyManager.current().certificate()).isEqualTo(first.certificate());

    write(directory, second.chain().get(0), second);
    tls.sync();
    assertThat(keyManager.current().certificate()).isEqualTo(second.certificate());
  }

  @Test
  void missingFilesFailClearly(@TempDir Path directory) {
    CertDirectoryTls tls = new CertDirectoryTls(directory, new SwappableKeyManager());

    assertThatThrownBy(tls::sync).hasMessageContaining("tls.crt");
  }

  private static void write(
      Path directory, java.security.cert.X509Certificate certificate, CertifiedKey key)
      throws Exception {
    Files.writeString(
        directory.resolve("tls.crt"), Pem.certificates(java.util.List.of(certificate)));
    Files.writeString(directory.resolve("tls.key"), Pem.privateKey(key.key()));
  }
}
