package dev.torc.recovery.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.model.JobStatus;
import dev.torc.run.JobRunner;
import dev.torc.run.RunOptions;
import dev.torc.store.JobRecord;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowEvent;
import dev.torc.store.WorkflowStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workflow recovery after real failures: what the durable history forbids, and why. */
class WorkflowRecoveryHistoryTest {
  @TempDir Path dir;

  @Test
  void handlerStoppedPermanentAndUnknownFailuresAreNotRetriedAndEachSaysWhy() {
    try (WorkflowStore store = Stores.sqlite(dir.resolve("torc.db"))) {
      long wf =
          RealRuns.create(
              store,
              """
                  name: history
                  use_pending_failed: true
                  failure_handlers:
                    - name: codes
                      rules:
                        - {exit_codes: [11], max_retries: 1}
                  jobs:
                    - name: exhausted
                      command: "echo 'upstream: Connection refused' >&2; exit 11"
                      failure_handler: codes
                    - name: crash
                      command: kill -SEGV $$
                    - name: odd
                      command: exit 5
                  """);
      new JobRunner(store, wf, options()).run();

      RecoveryReport report = WorkflowRecovery.builder(store).build().recover(wf, false);

      assertThat(report.recoverable()).isFalse();
      Map<String, JobRecord> jobs = RealRuns.jobs(store, wf);
      assertThat(jobs.get("exhausted").status()).isEqualTo(JobStatus.FAILED);
      assertThat(jobs.get("exhausted").attemptId()).isEqualTo(2);
      assertThat(jobs.get("crash").status()).isEqualTo(JobStatus.FAILED);
      assertThat(jobs.get("odd").status()).isEqualTo(JobStatus.PENDING_FAILED);
      List<WorkflowEvent> skipped =
          store.listEvents(wf).stream()
              .filter(e -> e.kind().equals(WorkflowRecovery.EVENT_SKIPPED))
              .toList();
      assertThat(skipped)
          .anySatisfy(
              e -> {
                assertThat(e.jobId()).isEqualTo(jobs.get("exhausted").id());
                assertThat(e.message())
                    .contains("stopped by failure handler codes (exit code 11)")
                    .contains("max_retries 1 used up after attempt 2");
              })
          .anySatisfy(
              e -> {
                assertThat(e.jobId()).isEqualTo(jobs.get("crash").id());
                assertThat(e.message()).contains("not retried, failed").contains("SIGSEGV");
              })
          .anySatisfy(
              e -> {
                assertThat(e.jobId()).isEqualTo(jobs.get("odd").id());
                assertThat(e.message()).contains("unknown failure cause");
              });
    }
  }

  @Test
  void aWatchWhosePassesEndFailsAPendingJobWhoseBudgetIsUsedUp() throws Exception {
    try (WorkflowStore store = Stores.sqlite(dir.resolve("torc.db"))) {
      long wf =
          RealRuns.create(
              store,
              """
                  name: refused
                  use_pending_failed: true
                  jobs:
                    - name: fetch
                      command: %s
                  """
                  .formatted(RealRuns.REFUSED));
      RunOptions options = options();

      WatchResult result =
          WorkflowWatch.builder(store)
              .driver(id -> new JobRunner(store, id, options).run())
              .recovery(WorkflowRecovery.builder(store).build())
              .maxRetries(3)
              .pollInterval(Duration.ofMillis(100))
              .build()
              .watch(wf);

      assertThat(result.outcome()).isEqualTo(WatchResult.Outcome.MAX_RETRIES_EXCEEDED);
      assertThat(result.count(JobStatus.FAILED)).isEqualTo(1);
      JobRecord fetch = store.listJobs(wf, null).get(0);
      assertThat(fetch.status()).isEqualTo(JobStatus.FAILED);
      assertThat(fetch.attemptId()).isEqualTo(4);
      assertThat(store.listEvents(wf))
          .filteredOn(e -> e.kind().equals(WorkflowRecovery.EVENT_SKIPPED))
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.message())
                      .contains("not retried, failed")
                      .contains("retry budget for transient failures used up: 3 of 3"));
    }
  }

  private RunOptions options() {
    return RealRuns.options(dir);
  }
}
