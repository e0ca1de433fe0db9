package dev.schemagate.bench.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SamplesTest {

  @Test
  void medianOfOddCountIsTheMiddleValue() {
    Samples s = new Samples(List.of(30.0, 10.0, 20.0, 50.0, 40.0));
    assertThat(s.median()).isEqualTo(30.0);
    assertThat(s.min()).isEqualTo(10.0);
    assertThat(s.max()).isEqualTo(50.0);
  }

  @Test
  void medianOfEvenCountIsTheMeanOfTheMiddlePair() {
    assertThat(new Samples(List.of(4.0, 1.0, 3.0, 2.0)).median()).isEqualTo(2.5);
  }

  @Test
  void keepsTheOrderInWhichRunsWereTaken() {
    assertThat(new Samples(List.of(3.0, 1.0, 2.0)).millis()).containsExactly(3.0, 1.0, 2.0);
  }

  @Test
  void refusesNoSamples() {
    assertThatThrownBy(() -> new Samples(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
