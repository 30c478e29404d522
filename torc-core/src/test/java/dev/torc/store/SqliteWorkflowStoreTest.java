package dev.torc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.model.FailureHandler;
import dev.torc.model.FailureRule;
import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.UserDataSpec;
import dev.torc.model.Workflow;
import dev.torc.store.internal.SqliteWorkflowStore;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteWorkflowStoreTest extends WorkflowStoreContract {

  @TempDir Path tempDir;

  Path db() {
    return tempDir.resolve("torc.db");
  }

  @Override
  protected WorkflowStore openStore(Clock clock) {
    return SqliteWorkflowStore.open(db(), clock);
  }

  long count(String sql) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  void executeRaw(String sql) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aCreateThatFailsHalfwayLeavesNothingBehind() {
    long kept = store.createWorkflow(workflow(job("a")));
    // Valid workflows reach the store, so make the database fail once most rows are written.
    executeRaw(
        "CREATE TRIGGER fail_late BEFORE INSERT ON job_output_user_data"
            + " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    Workflow doomed =
        Workflow.builder("doomed")
            .file("f", "f.txt")
            .userData(UserDataSpec.of("u", 1))
            .failureHandler(FailureHandler.of("h", FailureRule.forAnyExitCode(1, null)))
            .job(JobSpec.builder("x").command("x").outputFiles("f").failureHandler("h").build())
            .job(job("y", "x"))
            .job(JobSpec.builder("z").command("z").dependsOn("y").outputUserData("u").build())
            .build();

    assertThatThrownBy(() -> store.createWorkflow(doomed))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("injected failure");

    assertNothingLeftBehindByFailedCreates(kept);
    executeRaw("DROP TRIGGER fail_late");
    long next = store.createWorkflow(doomed);
    assertThat(store.listJobs(next, null))
        .extracting(JobRecord::name)
        .containsExactly("x", "y", "z");
  }

  void assertNothingLeftBehindByFailedCreates(long keptWorkflowId) {
    assertThat(count("SELECT COUNT(*) FROM workflow")).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM job")).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM job WHERE workflow_id = " + keptWorkflowId))
        .isEqualTo(1);
    for (String table :
        List.of(
            "job_dependency",
            "file",
            "user_data",
            "job_input_file",
            "job_output_file",
            "job_input_user_data",
            "job_output_user_data",
            "failure_handler",
            "slurm_scheduler",
            "result")) {
      assertThat(count("SELECT COUNT(*) FROM " + table)).as(table).isZero();
    }
    assertThat(count("SELECT COUNT(*) FROM event")).isEqualTo(1);
  }

  @Test
  void dataSurvivesCloseAndReopen() {
    long wf =
        store.createWorkflow(
            workflow(
                job("a"), job("b", "a"), JobSpec.builder("c").command("c").priority(3).build()));
    finish(wf, "a", JobStatus.COMPLETED);
    List<JobRecord> jobs = store.listJobs(wf, null);
    List<JobResult> results = store.listResults(wf);
    List<WorkflowEvent> events = store.listEvents(wf);
    WorkflowRecord record = store.getWorkflow(wf);
    store.close();

    store = SqliteWorkflowStore.open(db(), clock);

    assertThat(store.getWorkflow(wf)).isEqualTo(record);
    assertThat(store.listJobs(wf, null)).isEqualTo(jobs);
    assertThat(store.listResults(wf)).isEqualTo(results);
    assertThat(store.listEvents(wf)).isEqualTo(events);
    assertThat(store.claimReadyJobs(wf, PLENTY, 10))
        .extracting(JobRecord::name)
        .containsExactly("c", "b");
    long next = store.createWorkflow(workflow(job("x")));
    assertThat(next).isGreaterThan(wf);
  }

  @Test
  void recordsTheSchemaVersionAndUsesWal() {
    assertThat(SqliteWorkflowStore.schemaVersion()).isGreaterThanOrEqualTo(1);
    assertThat(count("SELECT MAX(version) FROM schema_version"))
        .isEqualTo(SqliteWorkflowStore.schemaVersion());
    store.close();
    store = SqliteWorkflowStore.open(db(), clock);
    assertThat(count("SELECT COUNT(*) FROM schema_version"))
        .isEqualTo(SqliteWorkflowStore.schemaVersion());
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void refusesADatabaseFromANewerTorc() {
    long wf = store.createWorkflow(workflow(job("a")));
    store.close();
    int future = SqliteWorkflowStore.schemaVersion() + 1;
    executeRaw(
        "INSERT INTO schema_version (version, script, applied_at) VALUES ("
            + future
            + ", 'V"
            + future
            + "__future.sql', 0)");

    assertThatThrownBy(() -> SqliteWorkflowStore.open(db(), clock))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("schema version " + future)
        .hasMessageContaining("newer");

    assertThat(count("SELECT MAX(version) FROM schema_version")).isEqualTo(future);
    assertThat(count("SELECT COUNT(*) FROM job WHERE workflow_id = " + wf)).isEqualTo(1);
    store = SqliteWorkflowStore.open(tempDir.resolve("other.db"), clock);
  }

  @Test
  void createsTheFileInMissingDirectories() {
    Path nested = tempDir.resolve("a").resolve("b").resolve("c").resolve("torc.db");

    try (WorkflowStore opened = Stores.sqlite(nested)) {
      long wf = opened.createWorkflow(workflow(job("a")));
      assertThat(opened.listJobs(wf, null)).hasSize(1);
    }

    assertThat(nested).isRegularFile();
  }

  @Test
  void twoStoresOnOneFileNeverClaimTheSameJob() throws Exception {
    int jobCount = 600;
    long wf =
        store.createWorkflow(
            workflow(
                IntStream.range(0, jobCount).mapToObj(i -> job("j" + i)).toArray(JobSpec[]::new)));

    try (WorkflowStore second = SqliteWorkflowStore.open(db(), clock)) {
      List<Long> claimed = claimConcurrently(List.of(store, second, store, second), wf);

      assertThat(claimed).doesNotHaveDuplicates().hasSize(jobCount);
      assertThat(second.countJobsByStatus(wf))
          .containsExactly(Map.entry(JobStatus.PENDING, jobCount));
    }
  }

  @Test
  void anotherProcessNeverClaimsTheSameJob() throws Exception {
    int jobCount = 2_000;
    long wf =
        store.createWorkflow(
            workflow(
                IntStream.range(0, jobCount).mapToObj(i -> job("j" + i)).toArray(JobSpec[]::new)));
    Path out = tempDir.resolve("claimed-by-child.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                ClaimMain.class.getName(),
                db().toString(),
                Long.toString(wf),
                out.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(tempDir.resolve("child.err").toFile())
            .start();
    try {
      // Start claiming here once the child claims too, so that both really compete.
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (child.isAlive()
          && System.nanoTime() < deadline
          && (!Files.exists(out) || Files.size(out) == 0)) {
        LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
      }
      List<Long> mine = claimConcurrently(List.of(store, store), wf);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue())
          .as(() -> readQuietly(tempDir.resolve("child.err").toFile()))
          .isZero();

      List<Long> theirs = new ArrayList<>();
      for (String line : Files.readAllLines(out)) {
        theirs.add(Long.parseLong(line.trim()));
      }
      List<Long> all = new ArrayList<>(mine);
      all.addAll(theirs);
      assertThat(theirs).isNotEmpty();
      assertThat(all).doesNotHaveDuplicates().hasSize(jobCount);
    } finally {
      child.destroyForcibly();
    }
  }

  private static String readQuietly(File file) {
    try {
      return Files.readString(file.toPath());
    } catch (java.io.IOException e) {
      return "(no stderr: " + e + ")";
    }
  }
}
