package dev.torc.recovery.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.diagnosis.JobLogs;
import dev.torc.model.JobStatus;
import dev.torc.run.JobRunner;
import dev.torc.run.PendingFailures;
import dev.torc.run.PendingFailures.Action;
import dev.torc.run.PendingFailures.Resolution;
import dev.torc.store.JobRecord;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code torc rules suggest}: real jobs fail with messages no rule knows, people and an agent
 * classify them, and the suggested rules find the very lines in the jobs' real logs.
 */
class RuleSuggestionsTest {
  @TempDir Path dir;

  private static String failing(String name, String message, int exit) {
    return "  - name: "
        + name
        + "\n    command: \"echo '"
        + message
        + "' >&2; exit "
        + exit
        + "\"\n";
  }

  private static final String SPEC =
      "name: learned\nuse_pending_failed: true\njobs:\n"
          + failing("quota_a", "ERROR: quota broker qb-17 said no for /scratch/u1/run 12", 3)
          + failing("quota_b", "ERROR: quota broker qb-4 said no for /scratch/u22/run 7", 3)
          + failing("quota_c", "ERROR: quota broker qb-903 said no for /scratch/x/y 1", 3)
          + failing("schema_a", "FATAL: schema 0x1f2e mismatch at step 4", 4)
          + failing("schema_b", "FATAL: schema 0x99 mismatch at step 12", 4)
          + "  - name: silent\n    command: exit 5\n";

  @Test
  void suggestsRulesFromClassificationsOfPeopleAndAgentsThatMatchTheRealLogs() throws Exception {
    try (WorkflowStore store = Stores.sqlite(dir.resolve("torc.db"))) {
      long wf = RealRuns.create(store, SPEC);
      new JobRunner(store, wf, RealRuns.options(dir)).run();
      Map<String, JobRecord> jobs = RealRuns.jobs(store, wf);
      assertThat(jobs.values())
          .allSatisfy(j -> assertThat(j.status()).isEqualTo(JobStatus.PENDING_FAILED));

      classify(store, wf, "user alice", jobs.get("quota_a"), Action.RETRY);
      classify(store, wf, "mcp:claude", jobs.get("quota_b"), Action.RETRY);
      classify(store, wf, "user bob", jobs.get("quota_c"), Action.FAIL);
      classify(store, wf, "user alice", jobs.get("schema_a"), Action.FAIL);
      classify(store, wf, "user bob", jobs.get("schema_b"), Action.RETRY);
      classify(store, wf, "user bob", jobs.get("silent"), Action.FAIL);
      int events = store.listEvents(wf).size();

      RuleSuggestions.Report report = RuleSuggestions.suggest(store, wf);

      assertThat(store.listEvents(wf)).hasSize(events);
      assertThat(report.classifications()).isEqualTo(6);
      assertThat(report.withoutSignature()).isEqualTo(1);
      assertThat(report.suggestions()).hasSize(1);
      RuleSuggestions.Suggestion quota = report.suggestions().get(0);
      assertThat(quota.rule().classification()).isEqualTo("transient");
      assertThat(quota.support()).isEqualTo(2);
      assertThat(quota.conflicts()).isEqualTo(1);
      assertThat(quota.actors()).containsExactly("mcp:claude", "user alice", "user bob");
      assertThat(quota.jobs()).containsExactly("quota_a", "quota_b", "quota_c");
      assertThat(quota.rule().confidence()).isEqualTo(0.6);
      assertThat(quota.yaml())
          .startsWith("- {pattern: '")
          .endsWith("classification: transient, confidence: 0.60}");
      Pattern pattern = Pattern.compile(quota.rule().pattern());
      for (String name : List.of("quota_a", "quota_b", "quota_c")) {
        assertThat(pattern.matcher(stderr(wf, jobs.get(name))).find()).as(name).isTrue();
      }
      for (String name : List.of("schema_a", "schema_b")) {
        assertThat(pattern.matcher(stderr(wf, jobs.get(name))).find()).as(name).isFalse();
      }
      assertThat(report.conflicts())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.signature()).contains("schema").contains("mismatch");
                assertThat(c.transientCount()).isEqualTo(1);
                assertThat(c.permanentCount()).isEqualTo(1);
              });
    }
  }

  private static void classify(
      WorkflowStore store, long wf, String actor, JobRecord job, Action action) {
    PendingFailures.resolve(
        store,
        wf,
        List.of(new Resolution(job.id(), action, null, null, "looked at it")),
        actor,
        false);
  }

  private String stderr(long wf, JobRecord job) throws Exception {
    return Files.readString(JobLogs.stderrPath(dir.resolve("out"), wf, job.id(), 1, 1));
  }
}
