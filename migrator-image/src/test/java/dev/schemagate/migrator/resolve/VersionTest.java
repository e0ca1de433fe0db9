package dev.schemagate.migrator.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class VersionTest {

  @Test
  void comparesNumericallyPartByPart() {
    List<String> sorted =
        Stream.of("1.10", "2", "1.9", "1", "000003", "1_2_1", "10", "1.2", "20240101120000")
            .map(Version::parse)
            .sorted()
            .map(Version::toString)
            .toList();
    assertThat(sorted)
        .containsExactly("1", "1.2", "1.2.1", "1.9", "1.10", "2", "3", "10", "20240101120000");
  }

  @Test
  void leadingZerosSeparatorsAndTrailingZeroPartsDoNotMatter() {
    assertThat(Version.parse("000001")).isEqualTo(Version.parse("1"));
    assertThat(Version.parse("1_2")).isEqualTo(Version.parse("1.2"));
    assertThat(Version.parse("1.0.0")).isEqualTo(Version.parse("1")).hasToString("1");
    assertThat(Version.parse("0")).hasToString("0");
    assertThat(Version.parse("2.01")).hasToString("2.1");
  }

  @Test
  void handlesNumbersBeyondLong() {
    assertThat(
            Version.parse("99999999999999999999").compareTo(Version.parse("99999999999999999998")))
        .isPositive();
  }

  @Test
  void comparesPartsOfAnyLengthAsNumbers() {
    assertThat(Version.parse("0099999999999999999999"))
        .isEqualTo(Version.parse("99999999999999999999"))
        .isLessThan(Version.parse("100000000000000000000"));
    assertThat(Version.parse("1.0010")).isEqualTo(Version.parse("1.10")).hasToString("1.10");
    assertThat(Version.parse("9")).isLessThan(Version.parse("10"));
    assertThat(Version.parse("1.2.0.0")).isEqualByComparingTo(Version.parse("1_2"));
    assertThat(Version.parse("00.000")).hasToString("0").isEqualTo(Version.parse("0"));
  }

  @Test
  void rejectsNonVersions() {
    for (String bad : new String[] {"", "1.", ".1", "1..2", "v1", "1a", "1-2"}) {
      assertThat(Version.isValid(bad)).as(bad).isFalse();
      assertThatThrownBy(() -> Version.parse(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
