package dev.schemagate.migrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretRedactorTest {

  @Test
  void masksKnownSecretsAsWrittenAndJsonEscaped() {
    SecretRedactor redactor = SecretRedactor.of(List.of("pa\"ss\\word"));
    assertThat(redactor.redact("login with pa\"ss\\word failed"))
        .isEqualTo("login with ***** failed");
    assertThat(redactor.redact("{\"m\":\"pa\\\"ss\\\\word\"}")).isEqualTo("{\"m\":\"*****\"}");
  }

  @Test
  void masksSlashesAsLogbacksJsonEncoderEscapesThem() {
    SecretRedactor redactor = SecretRedactor.of(List.of("pa/ss1234"));
    assertThat(redactor.redact("{\"formattedMessage\":\"value pa\\/ss1234\"}"))
        .isEqualTo("{\"formattedMessage\":\"value *****\"}");
    assertThat(redactor.redact("value pa/ss1234")).isEqualTo("value *****");
  }

  @Test
  void masksUrlPasswordsEvenWhenUnknown() {
    SecretRedactor redactor = SecretRedactor.none();
    assertThat(redactor.redact("jdbcUrl=jdbc:postgresql://db/x?user=a&password=zzz&ssl=true"))
        .isEqualTo("jdbcUrl=jdbc:postgresql://db/x?user=a&password=*****&ssl=true");
    assertThat(redactor.redact("url postgres://app:zzz@db/x"))
        .isEqualTo("url postgres://app:*****@db/x");
    assertThat(redactor.redact("SSLPASSWORD=abc")).isEqualTo("SSLPASSWORD=*****");
  }

  @Test
  void ignoresNullsAndSecretsTooShortToMaskSafely() {
    SecretRedactor redactor = SecretRedactor.of(Arrays.asList(null, "ab", "longer-secret"));
    assertThat(redactor.redact("ab longer-secret")).isEqualTo("ab *****");
    assertThat(redactor.redact(null)).isNull();
  }

  @Test
  void longestSecretFirst() {
    SecretRedactor redactor = SecretRedactor.of(List.of("secret", "secret-and-more"));
    assertThat(redactor.redact("x secret-and-more y")).isEqualTo("x ***** y");
  }
}
