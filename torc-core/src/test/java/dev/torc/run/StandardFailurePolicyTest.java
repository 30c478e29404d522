package dev.torc.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.model.FailureHandler;
import dev.torc.model.FailureRule;
import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.Workflow;
import dev.torc.store.AttemptRef;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.ResourceBudget;
import dev.torc.store.RunnerInfo;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The failure handlers' policy of torc-core alone ({@link FailurePolicy#standard()}). */
class StandardFailurePolicyTest {
  private static final ResourceBudget PLENTY = new ResourceBudget(64, 1L << 40, 0);
  private static final RunnerInfo HOST = new RunnerInfo("node-a", 42, null);

  @TempDir Path dir;

  @Test
  void anAttemptLostWithItsNodeDoesNotCountAgainstMaxRetries() {
    try (WorkflowStore store = Stores.sqlite(dir.resolve("torc.db"))) {
      long wf =
          store.createWorkflow(
              Workflow.builder("lost_then_failing")
                  .failureHandler(FailureHandler.of("once", FailureRule.forAnyExitCode(1, null)))
                  .job(JobSpec.builder("a").command("exit 3").failureHandler("once").build())
                  .build());
      long runner = store.registerRunner(wf, HOST);
      long job = store.claimReadyJobs(wf, PLENTY, 1, runner).get(0).id();
      store.markJobRunning(job, runner, new AttemptRef("local", "node-a", null, null));
      assertThat(
              store.recordLostAttempt(
                  ended(wf, job, 1, JobResult.LOST_RETURN_CODE), runner, "node"))
          .isTrue();
      JobRecord second = store.claimReadyJobs(wf, PLENTY, 1, runner).get(0);

      Decision decision =
          FailurePolicy.standard()
              .decide(
                  new FailurePolicy.Failure(
                      store, store.getWorkflow(wf), second, ended(wf, job, 2, 3), dir));

      assertThat(second.attemptId()).isEqualTo(2);
      assertThat(decision).isInstanceOf(Decision.Retry.class);
      assertThat(decision.reason()).contains("retry 1 of max_retries 1");
    }
  }

  private static JobResult ended(long workflowId, long jobId, int attempt, int returnCode) {
    return new JobResult(
        jobId,
        workflowId,
        1,
        attempt,
        returnCode,
        JobStatus.FAILED,
        0.1,
        Instant.parse("2026-12-02T00:00:00Z"),
        null,
        null,
        null,
        null);
  }
}
