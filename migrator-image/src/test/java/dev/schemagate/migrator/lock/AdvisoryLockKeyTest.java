package dev.schemagate.migrator.lock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdvisoryLockKeyTest {

  @Test
  void isStableAcrossReleases() {
    // Runners of different versions must agree on the key; never change this value.
    assertThat(AdvisoryLockKey.forSchema("public").value()).isEqualTo(PUBLIC_KEY);
  }

  @Test
  void differsPerSchema() {
    assertThat(AdvisoryLockKey.forSchema("shop"))
        .isNotEqualTo(AdvisoryLockKey.forSchema("billing"));
  }

  @Test
  void splitsIntoTheTwoHalvesPgLocksShows() {
    AdvisoryLockKey key = new AdvisoryLockKey(0x1234_5678_9ABC_DEF0L);
    assertThat(key.classId()).isEqualTo(0x1234_5678L);
    assertThat(key.objectId()).isEqualTo(0x9ABC_DEF0L);
    AdvisoryLockKey negative = new AdvisoryLockKey(-1L);
    assertThat(negative.classId()).isEqualTo(0xFFFF_FFFFL);
    assertThat(negative.objectId()).isEqualTo(0xFFFF_FFFFL);
  }

  private static final long PUBLIC_KEY = -4306641993309521260L;
}
