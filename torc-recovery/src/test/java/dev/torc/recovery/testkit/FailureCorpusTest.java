package dev.torc.recovery.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import java.nio.file.Path;
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
    }
  }
}
