package dev.torc.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.model.JobStatus;
import dev.torc.run.RunResult;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryPolicyExampleTest {
  @TempDir Path dir;

  @Test
  void theFlakyJobIsRetriedTheFetchRunsItsFallbackAndTheReportRuns() {
    RunResult result = RecoveryPolicyExample.run(dir);
    assertThat(result.outcome())
        .as(result.jobs().toString())
        .isEqualTo(RunResult.Outcome.COMPLETED);
    Map<String, RunResult.JobOutcome> jobs =
        result.jobs().stream().collect(Collectors.toMap(RunResult.JobOutcome::name, job -> job));
    assertThat(jobs.values())
        .allSatisfy(j -> assertThat(j.status()).isEqualTo(JobStatus.COMPLETED));
    assertThat(jobs.get("flaky").attemptId()).isEqualTo(2);
    assertThat(jobs.get("fetch").attemptId()).isEqualTo(2);
    assertThat(jobs.get("report").attemptId()).isEqualTo(1);
  }
}
