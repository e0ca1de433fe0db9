package dev.schemagate.bench.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void percentilesAreNearestRankOfTheSortedSamples() {
    // 1..200 ms in reverse order: p50 is the 100th smallest, p99 the 198th, p100 the largest.
    Latencies latencies =
        Latencies.ofMillis(IntStream.rangeClosed(1, 200).mapToObj(i -> 201.0 - i).toList());

    assertThat(latencies.count()).isEqualTo(200);
    assertThat(latencies.percentile(50)).isEqualTo(100.0);
    assertThat(latencies.percentile(90)).isEqualTo(180.0);
    assertThat(latencies.percentile(99)).isEqualTo(198.0);
    assertThat(latencies.percentile(100)).isEqualTo(200.0);
    assertThat(latencies.min()).isEqualTo(1.0);
    assertThat(latencies.max()).isEqualTo(200.0);
    assertThat(latencies.mean()).isEqualTo(100.5);
  }

  @Test
  void aSingleSampleIsEveryPercentile() {
    Latencies one = Latencies.ofMillis(List.of(7.5));

    assertThat(one.percentile(1)).isEqualTo(7.5);
    assertThat(one.percentile(99)).isEqualTo(7.5);
  }

  @Test
  void theVerdictSaysByHowMuchAGoalIsMissed() {
    Latencies slow = Latencies.ofMillis(List.of(40.0, 60.0, 300.0));

    assertThat(Latencies.ofMillis(List.of(10.0, 20.0)).against(50, 250)).endsWith(": met");
    assertThat(slow.against(50, 250))
        .contains("MISSED")
        .contains("p50 over by 10.0 ms")
        .contains("p99 over by 50.0 ms");
  }

  @Test
  void refusesNoSamplesAndBadPercentiles() {
    assertThatThrownBy(() -> Latencies.ofMillis(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Latencies.ofMillis(List.of(1.0)).percentile(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
