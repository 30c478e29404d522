package dev.torc.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.Workflow;
import dev.torc.store.internal.SqlWorkflowStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large workflow is created in several short transactions: other writers get the SQLite store
 * between them, readers never see the workflow before it is complete, and a create whose process is
 * killed leaves nothing that can run.
 */
class ChunkedCreateTest {
  /** Jobs enough for several transactions: a chain has about two rows per job. */
  private static final int JOBS = 50_000;

  @TempDir Path dir;

  /** A workflow of {@code jobs} jobs, each after the one before. */
  static Workflow chain(String name, int jobs) {
    Workflow.Builder builder = Workflow.builder(name);
    for (int i = 0; i < jobs; i++) {
      JobSpec.Builder job = JobSpec.builder("j" + i).command("true");
      if (i > 0) {
        job.dependsOn("j" + (i - 1));
      }
      builder.job(job.build());
    }
    return builder.build();
  }

  private WorkflowStore open() {
    return SqlWorkflowStore.sqlite(dir.resolve("torc.db"), Clock.systemUTC());
  }

  @Test
  void otherWritersGetTheStoreDuringALargeCreateAndReadersSeeItOnlyWhenComplete() throws Exception {
    Workflow big = chain("big", JOBS);
    try (WorkflowStore creator = open();
        WorkflowStore other = open()) {
      long small = other.createWorkflow(chain("small", 1));
      CompletableFuture<Long> create =
          CompletableFuture.supplyAsync(() -> creator.createWorkflow(big));
      int writesDuringCreate = 0;
      while (!create.isDone()) {
        other.addEvent(small, null, "note", "written while a large create runs");
        // Part of the large workflow is committed, but not all of it: the write got in between.
        if (jobRows(dir.resolve("torc.db")) > 1 && other.listWorkflows().size() == 1) {
          writesDuringCreate++;
        }
        for (WorkflowRecord seen : other.listWorkflows()) {
          Map<JobStatus, Integer> counts = other.countJobsByStatus(seen.id());
          int jobs = counts.values().stream().mapToInt(Integer::intValue).sum();
          assertThat(jobs).as("jobs of workflow " + seen.name()).isIn(1, JOBS);
        }
      }
      long bigId = create.get();

      assertThat(writesDuringCreate).as("writes between the create's transactions").isPositive();
      assertThat(other.getWorkflow(bigId).name()).isEqualTo("big");
      assertThat(other.countJobsByStatus(bigId))
          .isEqualTo(Map.of(JobStatus.READY, 1, JobStatus.BLOCKED, JOBS - 1));
    }
  }

  @Test
  void aCreateKilledMidwayLeavesNoWorkflowAndTheNextLargeCreateClearsItAway() throws Exception {
    Path db = dir.resolve("torc.db");
    open().close();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CreateMain.class.getName(),
                db.toString(),
                Integer.toString(2 * JOBS))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(dir.resolve("child.err").toFile())
            .start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (jobRows(db) == 0 && child.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(child.isAlive()).as("the create is still under way").isTrue();
    } finally {
      child.destroyForcibly();
      child.waitFor(60, TimeUnit.SECONDS);
    }
    assertThat(jobRows(db)).as("a chunk of the killed create was committed").isPositive();

    try (WorkflowStore store = open()) {
      assertThat(store.listWorkflows()).isEmpty();
      long next = store.createWorkflow(chain("next", JOBS));

      assertThat(store.listWorkflows()).extracting(WorkflowRecord::id).containsExactly(next);
    }
    assertThat(jobRows(db)).isEqualTo(JOBS);
  }

  private static long jobRows(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM job");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }
}
