package dev.schemagate.migrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, 500",
    "30s, 30000",
    "5m, 300000",
    "2h, 7200000",
    "1d, 86400000",
    "' 10 s ', 10000",
    "PT5M, 300000",
    "pt1m30s, 90000",
    "0, 0",
    "off, 0"
  })
  void parses(String text, long millis) {
    assertThat(Durations.parse(text, "--x")).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10", "five minutes", "-5s", "PT-5S", "5 min", ""})
  void rejectsWithTheOptionName(String text) {
    assertThatThrownBy(() -> Durations.parse(text, "--lock-timeout"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("--lock-timeout")
        .hasMessageContaining("30s");
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "250, 250ms", "1500, 1500ms", "30000, 30s", "300000, 5m", "5400000, 1h30m"})
  void formats(long millis, String text) {
    assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
  }
}
