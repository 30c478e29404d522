package dev.torc.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.model.JobStatus;
import dev.torc.store.JobResult;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsTest {
  static JobResult result(long jobId, int runId, int attemptId) {
    return new JobResult(
        jobId,
        1,
        runId,
        attemptId,
        0,
        JobStatus.COMPLETED,
        1,
        Instant.parse("2025-01-01T00:00:00Z"),
        null,
        null,
        null,
        null);
  }

  @Test
  void picksTheHighestAttemptOfEachJobInTheRunInJobOrder() {
    List<JobResult> results =
        List.of(
            result(9, 1, 1),
            result(3, 1, 2),
            result(3, 1, 1),
            result(9, 2, 5),
            result(3, 2, 1),
            result(9, 1, 2));

    assertThat(Results.latestAttemptPerJob(results, 1))
        .containsExactly(result(3, 1, 2), result(9, 1, 2));
    assertThat(Results.latestAttemptPerJob(results, 2))
        .containsExactly(result(3, 2, 1), result(9, 2, 5));
    assertThat(Results.latestAttemptPerJob(results, 3)).isEmpty();
  }

  @Test
  void theLatestResultOfAJobIsItsHighestRunThenAttempt() {
    List<JobResult> results = List.of(result(3, 2, 1), result(3, 1, 4), result(4, 9, 9));

    assertThat(Results.latestOf(results, 3)).contains(result(3, 2, 1));
    assertThat(Results.latestOf(results, 5)).isEmpty();
  }
}
