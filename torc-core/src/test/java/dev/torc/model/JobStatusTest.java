package dev.torc.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class JobStatusTest {

  @Test
  void keepsTheCodesOfTheOriginal() {
    assertThat(JobStatus.values())
        .extracting(JobStatus::code)
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(JobStatus.fromCode(10)).isEqualTo(JobStatus.PENDING_FAILED);
    assertThat(JobStatus.fromLabel("pending_failed")).isEqualTo(JobStatus.PENDING_FAILED);
    assertThat(JobStatus.fromLabel("Pending-Failed")).isEqualTo(JobStatus.PENDING_FAILED);
    assertThatThrownBy(() -> JobStatus.fromLabel("done"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown job status 'done'");
  }

  @Test
  void allowsTheRunnersPathsAndRefusesShortcuts() {
    JobStatus.BLOCKED.checkTransition(JobStatus.READY);
    JobStatus.READY.checkTransition(JobStatus.PENDING);
    JobStatus.PENDING.checkTransition(JobStatus.RUNNING);
    JobStatus.RUNNING.checkTransition(JobStatus.COMPLETED);
    JobStatus.RUNNING.checkTransition(JobStatus.PENDING_FAILED);
    JobStatus.PENDING_FAILED.checkTransition(JobStatus.READY);
    JobStatus.PENDING_FAILED.checkTransition(JobStatus.FAILED);

    assertThatThrownBy(() -> JobStatus.BLOCKED.checkTransition(JobStatus.RUNNING))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessage("illegal job status transition blocked -> running");
    assertThat(JobStatus.COMPLETED.canTransitionTo(JobStatus.FAILED)).isFalse();
    assertThat(JobStatus.READY.canTransitionTo(JobStatus.COMPLETED)).isFalse();
  }

  @Test
  void everyStatusCanBeResetAndNoneMovesToItself() {
    for (JobStatus status : JobStatus.values()) {
      if (status != JobStatus.UNINITIALIZED) {
        assertThat(status.canTransitionTo(JobStatus.UNINITIALIZED)).as(status.label()).isTrue();
      }
      assertThat(status.canTransitionTo(status)).as(status.label()).isFalse();
    }
  }

  @Test
  void pendingFailedIsNotTerminalSoItsDependentsWait() {
    assertThat(EnumSet.allOf(JobStatus.class).stream().filter(JobStatus::isTerminal))
        .containsExactlyInAnyOrder(
            JobStatus.COMPLETED,
            JobStatus.FAILED,
            JobStatus.CANCELED,
            JobStatus.TERMINATED,
            JobStatus.DISABLED);
    assertThat(JobStatus.PENDING_FAILED.isTerminal()).isFalse();
    assertThat(JobStatus.DISABLED.isUnsuccessfulEnd()).isFalse();
    assertThat(JobStatus.TERMINATED.isUnsuccessfulEnd()).isTrue();
  }
}
