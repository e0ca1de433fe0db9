package dev.schemagate.migrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcUrlTest {

  @Test
  void readsDecodedParameters() {
    JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://db:5432/shop?user=app&password=p%40ss&ssl=true");
    assertThat(url.parameter("user")).contains("app");
    assertThat(url.parameter("password")).contains("p@ss");
    assertThat(url.parameter("missing")).isEmpty();
  }

  @Test
  void changesParametersAndKeepsTheRestAsWritten() {
    JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://db/shop?a=1&ApplicationName=x&b=%20");
    assertThat(url.with("ApplicationName", "schemagate migrator").without("a").toString())
        .isEqualTo("jdbc:postgresql://db/shop?b=%20&ApplicationName=schemagate+migrator");
    assertThat(JdbcUrl.parse("jdbc:postgresql://db/shop").with("k", "v").toString())
        .isEqualTo("jdbc:postgresql://db/shop?k=v");
  }

  @Test
  void redactsSecretParameters() {
    JdbcUrl url =
        JdbcUrl.parse("jdbc:postgresql://db/shop?user=app&password=hunter2&sslpassword=k&x=1");
    assertThat(url.redacted()).isEqualTo("jdbc:postgresql://db/shop?user=app&x=1");
  }

  @Test
  void describesHostsAndDatabase() {
    assertThat(JdbcUrl.parse("jdbc:postgresql://db/shop").hostsAndDatabase())
        .isEqualTo("db:5432/shop");
    assertThat(JdbcUrl.parse("jdbc:postgresql://a:1,b/shop?x=y").hostsAndDatabase())
        .isEqualTo("a:1,b:5432/shop");
    assertThat(JdbcUrl.parse("jdbc:postgresql://[::1]:6432/shop").hostsAndDatabase())
        .isEqualTo("[::1]:6432/shop");
    assertThat(JdbcUrl.parse("jdbc:postgresql:shop").hostsAndDatabase())
        .isEqualTo("localhost:5432/shop");
  }

  @Test
  void rejectsOtherSchemesWithoutEchoingTheUrl() {
    assertThatThrownBy(() -> JdbcUrl.parse("jdbc:mysql://u:secret@db/shop"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("jdbc:postgresql:")
        .hasMessageNotContaining("secret");
  }
}
