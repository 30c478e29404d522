package dev.torc.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.model.JobStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobResultTest {

  @Test
  void onlyTheRunsEarlierLostAttemptsOfTheJobAreNotCounted() {
    JobResult failed = result(7, 2, 4, 11);
    List<JobResult> history =
        List.of(
            result(7, 2, 1, JobResult.LOST_RETURN_CODE),
            result(7, 2, 2, 11),
            result(7, 2, 3, JobResult.LOST_RETURN_CODE),
            failed,
            result(7, 2, 5, JobResult.LOST_RETURN_CODE),
            result(7, 1, 1, JobResult.LOST_RETURN_CODE),
            result(8, 2, 1, JobResult.LOST_RETURN_CODE));

    assertThat(failed.countedAttemptId(history)).isEqualTo(2);
    assertThat(failed.countedAttemptId(List.of(failed))).isEqualTo(4);
  }

  private static JobResult result(long jobId, int runId, int attemptId, int returnCode) {
    return new JobResult(
        jobId,
        1,
        runId,
        attemptId,
        returnCode,
        JobStatus.FAILED,
        0.1,
        Instant.EPOCH,
        null,
        null,
        null,
        null);
  }
}
