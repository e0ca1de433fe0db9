package dev.schemagate.migrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionSettingsResolverTest {

  private static ConnectionSettings resolve(
      Map<String, String> env, String url, String user, String password) {
    return new ConnectionSettingsResolver(env).resolve(url, user, password, Duration.ofSeconds(5));
  }

  @Test
  void buildsTheUrlFromLibpqVariables() {
    ConnectionSettings s =
        resolve(
            Map.of(
                "PGHOST", "db.internal",
                "PGPORT", "6432",
                "PGDATABASE", "shop",
                "PGUSER", "app",
                "PGPASSWORD", "secret",
                "PGSSLMODE", "verify-full"),
            null,
            null,
            null);
    assertThat(s.url().toString())
        .isEqualTo("jdbc:postgresql://db.internal:6432/shop?sslmode=verify-full");
    assertThat(s.user()).isEqualTo("app");
    assertThat(s.password()).isEqualTo("secret");
    assertThat(s.target()).isEqualTo("app@db.internal:6432/shop");
  }

  @Test
  void libpqDefaultsAndMultipleHosts() {
    ConnectionSettings s =
        resolve(Map.of("PGHOST", "a,b", "PGPORT", "1,2", "PGUSER", "app"), null, null, null);
    assertThat(s.url().toString()).isEqualTo("jdbc:postgresql://a:1,b:2/app");
    assertThat(resolve(Map.of("PGDATABASE", "shop"), null, null, null).url().toString())
        .isEqualTo("jdbc:postgresql://localhost:5432/shop");
  }

  @Test
  void schemagateUrlWinsOverLibpqHostAndOptionsWinOverBoth() {
    Map<String, String> env =
        Map.of(
            "SCHEMAGATE_DB_URL",
            "jdbc:postgresql://from-env/shop",
            "PGHOST",
            "ignored",
            "PGUSER",
            "envuser");
    assertThat(resolve(env, null, null, null).url().toString())
        .isEqualTo("jdbc:postgresql://from-env/shop");
    ConnectionSettings s = resolve(env, "jdbc:postgresql://from-option/shop", "optuser", "optpass");
    assertThat(s.url().toString()).isEqualTo("jdbc:postgresql://from-option/shop");
    assertThat(s.user()).isEqualTo("optuser");
    assertThat(s.password()).isEqualTo("optpass");
  }

  @Test
  void credentialsInTheUrlWinOverEnvironmentButNotOverOptions() {
    Map<String, String> env = Map.of("PGUSER", "envuser", "PGPASSWORD", "envpass");
    String url = "jdbc:postgresql://db/shop?user=urluser&password=urlpass";
    ConnectionSettings fromUrl = resolve(env, url, null, null);
    assertThat(fromUrl.user()).isNull();
    assertThat(fromUrl.password()).isNull();
    assertThat(fromUrl.target()).isEqualTo("urluser@db:5432/shop");
    assertThat(fromUrl.secrets()).containsExactly("urlpass");

    ConnectionSettings fromOptions = resolve(env, url, "optuser", "optpass");
    assertThat(fromOptions.url().toString()).isEqualTo("jdbc:postgresql://db/shop");
    assertThat(fromOptions.user()).isEqualTo("optuser");
    assertThat(fromOptions.password()).isEqualTo("optpass");
  }

  @Test
  void acceptsLibpqUris() {
    ConnectionSettings s =
        resolve(
            Map.of(), "postgres://app:s%3Acret@db.internal:5433/shop?sslmode=require", null, null);
    assertThat(s.url().toString())
        .isEqualTo("jdbc:postgresql://db.internal:5433/shop?sslmode=require");
    assertThat(s.user()).isEqualTo("app");
    assertThat(s.password()).isEqualTo("s:cret");
    assertThat(s.toString()).doesNotContain("s:cret");
  }

  @Test
  void libpqUriPasswordsMayHoldUnencodedQuestionMarksAndAtSigns() {
    ConnectionSettings s = resolve(Map.of(), "postgres://app:pa?s@s@db/shop?x=a@b", null, null);
    assertThat(s.password()).isEqualTo("pa?s@s");
    assertThat(s.url().toString()).isEqualTo("jdbc:postgresql://db/shop?x=a@b");
    assertThat(s.target()).isEqualTo("app@db:5432/shop");
    assertThat(resolve(Map.of(), "postgres://db?application_name=a@b", null, null).user()).isNull();
  }

  @Test
  void libpqUriWithAnUnencodedSlashInThePasswordIsRejectedWithoutEchoingIt() {
    assertThatThrownBy(
            () -> resolve(Map.of(), "postgres://app:Secr3t/Pass@db:5432/shop", null, null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("percent-encode")
        .message()
        .doesNotContain("Secr3t", "Pass");
  }

  @Test
  void pgsslmodeIsAddedUnlessTheUrlHasOne() {
    Map<String, String> env = Map.of("PGSSLMODE", "require");
    assertThat(resolve(env, "jdbc:postgresql://db/shop", null, null).url().toString())
        .isEqualTo("jdbc:postgresql://db/shop?sslmode=require");
    assertThat(
            resolve(env, "jdbc:postgresql://db/shop?sslmode=disable", null, null).url().toString())
        .isEqualTo("jdbc:postgresql://db/shop?sslmode=disable");
  }

  @Test
  void nothingConfiguredIsAClearError() {
    assertThatThrownBy(() -> resolve(Map.of(), null, null, null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("--url")
        .hasMessageContaining("SCHEMAGATE_DB_URL")
        .hasMessageContaining("PGHOST");
  }

  @Test
  void unixSocketHostIsAClearError() {
    assertThatThrownBy(() -> resolve(Map.of("PGHOST", "/var/run/postgresql"), null, null, null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Unix socket");
  }
}
