package dev.schemagate.bench.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

  @Test
  void readsResidentAndPeakFromProcStatus() {
    String status =
        """
        Name:\tjava
        VmPeak:\t 4123456 kB
        VmHWM:\t  280064 kB
        VmRSS:\t  204800 kB
        Threads:\t97
        """;

    ProcessMemory memory = ProcessMemory.parse(status);

    assertThat(memory.rssKib()).isEqualTo(204800);
    assertThat(memory.peakRssKib()).isEqualTo(280064);
    assertThat(memory.rssMib()).isEqualTo(200.0);
    assertThat(memory.peakRssMib()).isEqualTo(273.5);
  }

  @Test
  void readsThisProcess() {
    ProcessMemory memory = ProcessMemory.of(ProcessHandle.current().pid());

    assertThat(memory.rssKib()).isPositive();
    assertThat(memory.peakRssKib()).isGreaterThanOrEqualTo(memory.rssKib());
  }
}
