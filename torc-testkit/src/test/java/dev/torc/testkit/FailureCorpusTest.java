package dev.torc.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.recovery.workflow.WorkflowRecovery;
import dev.torc.store.JobRecord;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowEvent;
import dev.torc.store.WorkflowStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failure corpus end to end: real processes under the real runner with the runner's limits, a
 * real SQLite store, rule classification and workflow recovery as {@code torc watch --recover
 * --classify rules} runs them. Each job must end in its right state after its right number of
 * attempts.
 */
class FailureCorpusTest {
  @TempDir Path dir;

  @Test
  void everyCorpusJobReachesItsRightEndInTheRightNumberOfAttempts() throws Exception {
    try (WorkflowStore store = Stores.sqlite(dir.resolve("torc.db"))) {
      long wf = store.createWorkflow(FailureCorpus.workflow());

      FailureCorpus.watchRecoverAndClassify(store, wf, dir.resolve("out"), 2, 3);

      FailureCorpus.Score score = FailureCorpus.score(store, wf);
      assertThat(score.jobs())
          .as(score.table())
          .allSatisfy(
              j -> {
                assertThat(j.status()).as(j.expected().job()).isEqualTo(j.expected().status());
                assertThat(j.attempts()).as(j.expected().job()).isEqualTo(j.expected().attempts());
              });
      assertThat(score.extraAttempts()).isZero();
      assertThat(score.permanentRetried()).isZero();
      assertThat(score.transientNotRetried()).isZero();

      // Every layer says why it retried or stopped.
      Map<String, Long> ids =
          store.listJobs(wf, null).stream()
              .collect(Collectors.toMap(JobRecord::name, JobRecord::id));
      List<WorkflowEvent> events = store.listEvents(wf);
      assertEvent(
          events,
          ids.get("handler_exhausted"),
          WorkflowRecovery.EVENT_SKIPPED,
          "stopped by failure handler codes",
          "max_retries 2 used up after attempt 3");
      assertEvent(
          events,
          ids.get("oom_after_reset_warning"),
          WorkflowRecovery.EVENT_RETRY,
          "the runner killed the attempt at its memory limit 150m",
          "outranks transient text",
          "increasing memory 150m -> ");
      assertEvent(
          events,
          ids.get("traceback_near_runtime"),
          "job_classified",
          "permanent: fail by rules",
          "KeyError");
    }
  }

  private static void assertEvent(
      List<WorkflowEvent> events, long jobId, String kind, String... contains) {
    assertThat(events)
        .anySatisfy(
            e -> {
              assertThat(e.jobId()).isEqualTo(jobId);
              assertThat(e.kind()).isEqualTo(kind);
              assertThat(e.message()).contains(contains);
            });
  }
}
