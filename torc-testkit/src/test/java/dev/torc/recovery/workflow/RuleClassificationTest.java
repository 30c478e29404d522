package dev.torc.recovery.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.model.JobStatus;
import dev.torc.run.JobRunner;
import dev.torc.run.PendingFailures;
import dev.torc.run.RunOptions;
import dev.torc.store.JobRecord;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowEvent;
import dev.torc.store.WorkflowStore;
import dev.torc.testkit.FailureCorpus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule classification with real processes, a real SQLite store and restarts between passes. */
class RuleClassificationTest {
  @TempDir Path dir;

  private static final String REFUSED = RealRuns.REFUSED;

  private long create(Path db, String spec) {
    try (WorkflowStore store = Stores.sqlite(db)) {
      return RealRuns.create(store, spec);
    }
  }

  private RunOptions options() {
    return RealRuns.options(dir);
  }

  @Test
  void aJobRefusedOnEveryAttemptStopsAtItsBudgetAcrossRestarts() {
    Path db = dir.resolve("torc.db");
    long wf =
        create(
            db,
            "name: refused\nuse_pending_failed: true\njobs:\n  - name: fetch\n    command: "
                + REFUSED
                + "\n");

    int passes = 0;
    while (true) {
      // Every pass opens the store afresh, as a new torc process would.
      try (WorkflowStore store = Stores.sqlite(db)) {
        new JobRunner(store, wf, options()).run();
        passes++;
        if (RuleClassification.classifyPending(store, wf, dir.resolve("out")).isEmpty()) {
          break;
        }
      }
      assertThat(passes).isLessThan(10);
    }

    try (WorkflowStore store = Stores.sqlite(db)) {
      JobRecord fetch = store.listJobs(wf, null).get(0);
      // The budget is used up: rules stop retrying and leave the job to a person or an agent.
      assertThat(fetch.status()).isEqualTo(JobStatus.PENDING_FAILED);
      assertThat(fetch.attemptId()).isEqualTo(4);
      assertThat(passes).isEqualTo(4);
      List<String> classified =
          store.listEvents(wf).stream()
              .filter(e -> e.kind().equals("job_classified"))
              .map(WorkflowEvent::message)
              .toList();
      assertThat(classified)
          .hasSize(3)
          .allSatisfy(
              m ->
                  assertThat(m)
                      .contains("transient: retry by rules")
                      .contains("Connection refused"));
      assertThat(RuleClassification.classifyPending(store, wf, dir.resolve("out"))).isEmpty();
    }
  }

  @Test
  void userRulesInTheSpecOverrideAndExtendTheBuiltInPatterns() throws Exception {
    Path db = dir.resolve("torc.db");
    long wf =
        create(
            db,
            """
            name: rules
            use_pending_failed: true
            classification_rules:
              - {pattern: "Connection refused", classification: permanent}
              - {pattern: "license server busy", classification: transient}
            jobs:
              - name: refused
                command: %s
              - name: license
                command: '[ "$TORC_ATTEMPT_ID" -ge 2 ] || { echo "license server busy, try later" >&2; exit 1; }'
              - name: keyerror
                command: python3 -c "{}['missing']"
            """
                .formatted(REFUSED));

    try (WorkflowStore store = Stores.sqlite(db)) {
      FailureCorpus.watchRecoverAndClassify(store, wf, dir.resolve("out"), 2, 3);
      Map<String, JobRecord> jobs = RealRuns.jobs(store, wf);
      // The user's rule overrides the built-in transient verdict on a refused connection.
      assertThat(jobs.get("refused").status()).isEqualTo(JobStatus.FAILED);
      assertThat(jobs.get("refused").attemptId()).isEqualTo(1);
      // A user's rule for a message no built-in knows.
      assertThat(jobs.get("license").status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(jobs.get("license").attemptId()).isEqualTo(2);
      // The built-in patterns still apply where no user rule matches.
      assertThat(jobs.get("keyerror").status()).isEqualTo(JobStatus.FAILED);
      assertThat(jobs.get("keyerror").attemptId()).isEqualTo(1);
      assertThat(store.listFailureRecords(wf))
          .filteredOn(f -> f.jobId() == jobs.get("refused").id())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.cause()).isEqualTo("permanent");
                assertThat(f.evidence()).startsWith("user-rules: ");
              });
    }
  }

  @Test
  void nothingPendingMeansNothingToDo() {
    Path db = dir.resolve("torc.db");
    long wf = create(db, "name: fine\njobs:\n  - name: ok\n    command: 'true'\n");
    try (WorkflowStore store = Stores.sqlite(db)) {
      new JobRunner(store, wf, options()).run();
      List<PendingFailures.Resolution> none =
          RuleClassification.classifyPending(store, wf, dir.resolve("out"));
      assertThat(none).isEmpty();
    }
  }
}
