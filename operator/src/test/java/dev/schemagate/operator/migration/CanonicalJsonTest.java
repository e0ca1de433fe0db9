package dev.schemagate.operator.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

  @Test
  void sortsKeysAtEveryLevelAndKeepsArrayOrder() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("z", 1);
    inner.put("a", List.of(3, 1, 2));
    Map<String, Object> outer = new LinkedHashMap<>();
    outer.put("b", inner);
    outer.put("a", "x");
    assertThat(CanonicalJson.of(outer)).isEqualTo("{\"a\":\"x\",\"b\":{\"a\":[3,1,2],\"z\":1}}");
  }

  @Test
  void dropsNullsAndEmptyContainers() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("a", null);
    value.put("b", List.of());
    value.put("c", Map.of());
    value.put("d", Map.of("e", List.of()));
    value.put("f", 0);
    assertThat(CanonicalJson.of(value)).isEqualTo("{\"f\":0}");
  }
}
