package dev.schemagate.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorMainTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return OperatorMain.checkArguments(
        List.of(args),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void helpListsEverySettingWithItsDefault() {
    assertThat(run("--help")).isZero();
    String help = out.toString(StandardCharsets.UTF_8);
    for (Setting setting : Setting.values()) {
      assertThat(help).contains(setting.variable()).contains("Default: " + setting.defaultValue());
    }
  }

  @Test
  void noArgumentsRunsTheOperator() {
    assertThat(run()).isEqualTo(-1);
  }

  @Test
  void unknownArgumentsAreAUsageError() {
    assertThat(run("--namespace", "x")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("configured by environment");
  }
}
