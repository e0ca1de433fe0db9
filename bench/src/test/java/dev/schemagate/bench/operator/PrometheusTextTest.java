package dev.schemagate.bench.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  static final String TEXT =
      """
      # HELP operator_sdk_reconciliations_started_total
      # TYPE operator_sdk_reconciliations_started_total counter
      operator_sdk_reconciliations_started_total{group="schemagate.dev",reconciliations_retries_last="true",reconciliations_retries_number="0"} 3990.0
      operator_sdk_reconciliations_started_total{group="schemagate.dev",reconciliations_retries_last="false",reconciliations_retries_number="1"} 11.0
      jvm_memory_used_bytes{area="heap",id="Tenured Gen"} 2.5E7
      jvm_memory_used_bytes{area="heap",id="Eden Space"} 1000000.0
      jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 6.0E7
      jvm_threads_live_threads 97.0
      """;

  @Test
  void sumsEveryLabelSet() {
    assertThat(PrometheusText.sum(TEXT, "operator_sdk_reconciliations_started_total"))
        .isEqualTo(4001.0);
    assertThat(PrometheusText.sum(TEXT, "jvm_threads_live_threads")).isEqualTo(97.0);
  }

  @Test
  void filtersByLabel() {
    assertThat(PrometheusText.sum(TEXT, "jvm_memory_used_bytes", "area=\"heap\"")).isEqualTo(2.6e7);
  }

  @Test
  void anAbsentMetricIsZeroAndPrefixesDoNotMatch() {
    assertThat(PrometheusText.sum(TEXT, "operator_sdk_reconciliations_failed_total")).isZero();
    assertThat(PrometheusText.sum(TEXT, "jvm_threads_live")).isZero();
  }
}
