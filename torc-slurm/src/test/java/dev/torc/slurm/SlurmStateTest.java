package dev.torc.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlurmStateTest {

  @Test
  void parsesSacctAndSqueueWords() {
    assertThat(SlurmState.parse("COMPLETED")).isEqualTo(SlurmState.COMPLETED);
    assertThat(SlurmState.parse("CANCELLED by 0")).isEqualTo(SlurmState.CANCELLED);
    assertThat(SlurmState.parse("OUT_OF_MEMORY")).isEqualTo(SlurmState.OUT_OF_MEMORY);
    assertThat(SlurmState.parse("OUT_OF_ME+")).isEqualTo(SlurmState.OUT_OF_MEMORY);
    assertThat(SlurmState.parse("TIMEOUT")).isEqualTo(SlurmState.TIMEOUT);
    assertThat(SlurmState.parse("NODE_FAIL")).isEqualTo(SlurmState.NODE_FAIL);
    assertThat(SlurmState.parse("PREEMPTED")).isEqualTo(SlurmState.PREEMPTED);
    assertThat(SlurmState.parse("FAILED")).isEqualTo(SlurmState.FAILED);
    assertThat(SlurmState.parse("PD")).isEqualTo(SlurmState.PENDING);
    assertThat(SlurmState.parse("R")).isEqualTo(SlurmState.RUNNING);
    assertThat(SlurmState.parse("something new")).isEqualTo(SlurmState.UNKNOWN);
    assertThat(SlurmState.parse("")).isEqualTo(SlurmState.UNKNOWN);
  }

  @Test
  void endedAndLostAreByState() {
    assertThat(SlurmState.RUNNING.ended()).isFalse();
    assertThat(SlurmState.PENDING.ended()).isFalse();
    assertThat(SlurmState.UNKNOWN.ended()).isFalse();
    for (SlurmState s :
        new SlurmState[] {
          SlurmState.COMPLETED,
          SlurmState.FAILED,
          SlurmState.CANCELLED,
          SlurmState.TIMEOUT,
          SlurmState.OUT_OF_MEMORY,
          SlurmState.NODE_FAIL,
          SlurmState.PREEMPTED
        }) {
      assertThat(s.ended()).as(s.name()).isTrue();
    }
    assertThat(SlurmState.NODE_FAIL.lostResources()).isTrue();
    assertThat(SlurmState.PREEMPTED.lostResources()).isTrue();
    assertThat(SlurmState.TIMEOUT.lostResources()).isFalse();
    assertThat(SlurmState.COMPLETED.lostResources()).isFalse();
  }
}
