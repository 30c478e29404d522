package dev.torc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.model.FailureHandler;
import dev.torc.model.FailureRule;
import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.JobsSortMethod;
import dev.torc.model.RecoveryConfig;
import dev.torc.model.ResourceMonitorConfig;
import dev.torc.model.UserDataSpec;
import dev.torc.model.Workflow;
import dev.torc.store.internal.SqliteWorkflowStore;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
  void aRunnerPassThatFailsRecordsNothingOfIt() {
    long wf = store.createWorkflow(workflow(job("a"), job("b"), job("after_a", "a")));
    long runner = store.registerRunner(wf, HOST_A);
    long a = id(wf, "a");
    ResourceBudget oneCpu = new ResourceBudget(1, PLENTY.memoryBytes(), 0);
    store.runnerPass(wf, runner, List.of(), List.of(), oneCpu, 1, (job, run) -> process(job.id()));
    AttemptStart aStarted = new AttemptStart(a, process(a), START.plusSeconds(1));
    JobResult aDone = attempt(wf, a, 1, JobStatus.COMPLETED);

    assertThatThrownBy(
            () ->
                store.runnerPass(
                    wf,
                    runner,
                    List.of(aStarted),
                    List.of(aDone),
                    PLENTY,
                    5,
                    (job, run) -> {
                      if (job.name().equals("after_a")) {
                        throw new IllegalStateException("cannot name its attempt");
                      }
                      return process(job.id());
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(status(wf, "a")).isEqualTo(JobStatus.PENDING);
    assertThat(status(wf, "b")).isEqualTo(JobStatus.READY);
    assertThat(status(wf, "after_a")).isEqualTo(JobStatus.BLOCKED);
    assertThat(store.listResults(wf)).isEmpty();
    assertThat(eventsOfKind(wf, "job_running")).isEmpty();
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
  void theRecoveryConfigSurvivesReopening() {
    RecoveryConfig config =
        new RecoveryConfig(
            List.of(new RecoveryConfig.ClassificationRuleSpec("refused", "transient", 0.7)),
            new RecoveryConfig.Backoff(Duration.ofSeconds(5), 2.0, 0.2, Duration.ofMinutes(5)),
            Map.of("oom", 2),
            new RecoveryConfig.CircuitBreaker(
                50, 10, 4, Duration.ofMinutes(1), 1, "await_classification"));
    long wf =
        store.createWorkflow(Workflow.builder("wf").recoveryConfig(config).job(job("a")).build());
    store.close();
    store = SqliteWorkflowStore.open(db(), clock);
    assertThat(store.getRecoveryConfig(wf)).isEqualTo(config);
  }

  @Test
  void recordsTheSchemaVersionAndUsesWal() {
    assertThat(SqliteWorkflowStore.schemaVersion()).isGreaterThanOrEqualTo(1);
    assertThat(count("SELECT MAX(version) FROM schema_version"))
        .isEqualTo(SqliteWorkflowStore.schemaVersion());
    store.close();
    store = SqliteWorkflowStore.open(db(), clock);
    // Opening again applies nothing again (a version number may be left out, so count distinct).
    assertThat(count("SELECT COUNT(*) FROM schema_version"))
        .isEqualTo(count("SELECT COUNT(DISTINCT version) FROM schema_version"));
    assertThat(count("SELECT MAX(version) FROM schema_version"))
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

  /** Creates a database as torc with schema version 1 left it: the V1 script and nothing else. */
  static void createVersionOneDatabase(Path file, String... rows) {
    createOldDatabase(file, 1, rows);
  }

  /** Creates a database as torc with this schema version left it: its scripts, then the rows. */
  static void createOldDatabase(Path file, int version, String... rows) {
    List<String> scripts =
        List.of("V1__init.sql", "V2__runners.sql", "V3__retry_delay.sql", "V4__recovery_config.sql")
            .subList(0, version);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA foreign_keys = ON");
      st.execute(
          "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, script TEXT NOT NULL,"
              + " applied_at INTEGER NOT NULL)");
      for (int i = 0; i < scripts.size(); i++) {
        for (String sql : migrationStatements("/dev/torc/store/sqlite/" + scripts.get(i))) {
          st.execute(sql);
        }
        st.execute(
            "INSERT INTO schema_version VALUES (" + (i + 1) + ", '" + scripts.get(i) + "', 0)");
      }
      for (String row : rows) {
        st.execute(row);
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  /** The statements of the migration script at this resource path, without its comments. */
  static List<String> migrationStatements(String resource) {
    String script;
    try (InputStream in = SqliteWorkflowStore.class.getResourceAsStream(resource)) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    StringBuilder withoutComments = new StringBuilder();
    for (String line : script.split("\n")) {
      int comment = line.indexOf("--");
      withoutComments.append(comment < 0 ? line : line.substring(0, comment)).append('\n');
    }
    List<String> statements = new ArrayList<>();
    for (String sql : withoutComments.toString().split(";")) {
      if (!sql.isBlank()) {
        statements.add(sql);
      }
    }
    return statements;
  }

  @Test
  void aVersionFourDatabaseWithRunningJobsKeepsTheirAttemptsAsReferences() {
    Path old = tempDir.resolve("v4.db");
    String jobColumns =
        "INSERT INTO job (id, workflow_id, name, command, status, attempt_id, priority,"
            + " unfinished_deps, rr_name, num_cpus, memory_bytes, memory_text, num_gpus,"
            + " num_nodes, runtime_seconds, runtime_iso, cancel_on_blocking_job_failure,"
            + " supports_termination, runner_id, process_host, process_pid, process_start,"
            + " started_at) VALUES ";
    String resources = "'default', 1, 1048576, '1m', 0, 1, 3600, 'PT1H', 1, 0";
    createOldDatabase(
        old,
        4,
        "INSERT INTO workflow (id, name, user, run_id, created_at, use_pending_failed, rm_enabled,"
            + " rm_granularity, rm_sample_interval_seconds, jobs_sort_method) VALUES (3, 'old',"
            + " 'ada', 1, "
            + START.toEpochMilli()
            + ", 0, 1, 'SUMMARY', 10.0, 'NONE')",
        "INSERT INTO runner (id, workflow_id, host, pid, process_start, started_at, heartbeat_at)"
            + " VALUES (7, 3, 'node-a', 4242, NULL, "
            + START.toEpochMilli()
            + ", "
            + START.toEpochMilli()
            + ")",
        // An attempt under way (its processes found by their mark, no pid recorded), a job whose
        // recovery script runs (its process group recorded), and a job only claimed.
        jobColumns
            + "(10, 3, 'a', 'echo a', 4, 1, 0, 0, "
            + resources
            + ", 7, 'node-a', 0, NULL, "
            + START.toEpochMilli()
            + ")",
        jobColumns
            + "(11, 3, 'b', 'echo b', 4, 2, 0, 0, "
            + resources
            + ", 7, 'node-a', 555, '"
            + START.plusNanos(1)
            + "', "
            + START.toEpochMilli()
            + ")",
        jobColumns
            + "(12, 3, 'c', 'echo c', 3, 1, 0, 0, "
            + resources
            + ", 7, NULL, NULL, NULL, NULL)");

    try (WorkflowStore migrated = SqliteWorkflowStore.open(old, clock)) {
      assertThat(migrated.listActiveJobs(3))
          .containsExactly(
              new ActiveJob(
                  10,
                  "a",
                  JobStatus.RUNNING,
                  1,
                  7,
                  new AttemptRef("local", "node-a", null, null),
                  START),
              new ActiveJob(
                  11,
                  "b",
                  JobStatus.RUNNING,
                  2,
                  7,
                  new AttemptRef("local", "node-a", "555", START.plusNanos(1)),
                  START),
              new ActiveJob(12, "c", JobStatus.PENDING, 1, 7, null, null));
      // The runner that died under them is settled as before: its attempts are recorded lost.
      assertThat(
              migrated.recordLostAttempt(
                  new JobResult(
                      10, 3, 1, 1, -1, JobStatus.FAILED, 1.0, START, null, null, null, null),
                  7,
                  "lost"))
          .isTrue();
      assertThat(migrated.getJob(10).attemptId()).isEqualTo(2);
      assertThat(migrated.getJob(10).status()).isEqualTo(JobStatus.READY);
      assertThat(migrated.listActiveJobs(3)).extracting(ActiveJob::jobId).containsExactly(11L, 12L);
    }
    assertThat(countIn(old, "SELECT MAX(version) FROM schema_version"))
        .isEqualTo(SqliteWorkflowStore.schemaVersion());
  }

  @Test
  void aVersionOneDatabaseMigratesKeepingItsData() {
    Path old = tempDir.resolve("v1.db");
    String jobColumns =
        "INSERT INTO job (id, workflow_id, name, command, status, attempt_id, priority,"
            + " unfinished_deps, rr_name, num_cpus, memory_bytes, memory_text, num_gpus,"
            + " num_nodes, runtime_seconds, runtime_iso, cancel_on_blocking_job_failure,"
            + " supports_termination) VALUES ";
    createVersionOneDatabase(
        old,
        "INSERT INTO workflow (id, name, user, run_id, created_at, use_pending_failed, rm_enabled,"
            + " rm_granularity, rm_sample_interval_seconds, jobs_sort_method) VALUES (3, 'old',"
            + " 'ada', 1, "
            + START.toEpochMilli()
            + ", 0, 1, 'SUMMARY', 10.0, 'NONE')",
        jobColumns
            + "(10, 3, 'a', 'echo a', 5, 1, 0, 0, 'default', 1, 1048576, '1m', 0, 1,"
            + " 3600, 'PT1H', 1, 0)",
        jobColumns
            + "(11, 3, 'b', 'echo b', 2, 1, 0, 0, 'default', 1, 1048576, '1m', 0, 1,"
            + " 3600, 'PT1H', 1, 0)",
        jobColumns
            + "(12, 3, 'c', 'echo c', 6, 1, 0, 0, 'default', 1, 1048576, '1m', 0, 1,"
            + " 3600, 'PT1H', 1, 0)",
        jobColumns
            + "(13, 3, 'd', 'echo d', 7, 1, 5, 0, 'default', 2, 1048576, '1m', 0, 1,"
            + " 3600, 'PT1H', 1, 0)",
        "INSERT INTO job_dependency VALUES (11, 10), (13, 12)",
        "INSERT INTO result (job_id, workflow_id, run_id, attempt_id, return_code, status,"
            + " exec_time_minutes, completion_time) VALUES (10, 3, 1, 1, 0, 5, 1.5, '"
            + START
            + "'), (12, 3, 1, 1, 2, 6, 0.5, '"
            + START
            + "')",
        "INSERT INTO event (workflow_id, ts, kind, job_id, message) VALUES (3, "
            + START.toEpochMilli()
            + ", 'workflow_created', NULL, 'created workflow ''old'' with 4 jobs')",
        "INSERT INTO slurm_scheduler (workflow_id, position, name, config) VALUES (3, 0, 'old',"
            + " '{\"name\":\"old\",\"account\":\"acct\",\"nodes\":1,"
            + "\"walltime\":\"01:00:00\"}')");

    try (WorkflowStore migrated = SqliteWorkflowStore.open(old, clock)) {
      assertThat(migrated.getWorkflow(3))
          .isEqualTo(
              new WorkflowRecord(
                  3,
                  "old",
                  "ada",
                  null,
                  null,
                  1,
                  START,
                  false,
                  new ResourceMonitorConfig(true, ResourceMonitorConfig.Granularity.SUMMARY, 10.0),
                  JobsSortMethod.NONE,
                  false));
      List<JobRecord> jobs = migrated.listJobs(3, null);
      assertThat(jobs).extracting(JobRecord::id).containsExactly(10L, 11L, 12L, 13L);
      assertThat(jobs)
          .extracting(JobRecord::status)
          .containsExactly(
              JobStatus.COMPLETED, JobStatus.READY, JobStatus.FAILED, JobStatus.CANCELED);
      assertThat(jobs.get(1).dependsOn()).containsExactly("a");
      assertThat(jobs.get(3).requirements().numCpus()).isEqualTo(2);
      assertThat(jobs.get(3).priority()).isEqualTo(5);
      assertThat(migrated.listResults(3)).extracting(JobResult::jobId).containsExactly(10L, 12L);
      assertThat(migrated.listEvents(3))
          .extracting(WorkflowEvent::kind)
          .containsExactly("workflow_created");
      assertThat(migrated.listActiveJobs(3)).isEmpty();
      assertThat(migrated.listActiveRunners(3)).isEmpty();
      assertThat(migrated.getRecoveryConfig(3)).isEqualTo(RecoveryConfig.NONE);

      // The new columns and table work on the migrated data.
      long runner = migrated.registerRunner(3, new RunnerInfo("host", 1, null));
      assertThat(migrated.claimReadyJobs(3, PLENTY, 5, runner))
          .extracting(JobRecord::id)
          .containsExactly(11L);
      migrated.markJobRunning(11, runner, new AttemptRef("local", "host", "2", START));
      assertThat(migrated.listActiveJobs(3))
          .containsExactly(
              new ActiveJob(
                  11,
                  "b",
                  JobStatus.RUNNING,
                  1,
                  runner,
                  new AttemptRef("local", "host", "2", START),
                  START));
      assertThat(migrated.resetJobs(3, true)).isEqualTo(2);
      assertThat(migrated.getJob(12).attemptId()).isEqualTo(2);
      assertThat(migrated.getJob(12).status()).isEqualTo(JobStatus.READY);
      assertThat(migrated.getJob(13).status()).isEqualTo(JobStatus.BLOCKED);
      migrated.cancelWorkflow(3);
      assertThat(migrated.getWorkflow(3).canceled()).isTrue();
      assertThat(migrated.createWorkflow(workflow(job("x")))).isGreaterThan(3);
      // Version 7: the scheduler kept its configuration and got an id.
      assertThat(SlurmLedger.of(migrated).listSlurmSchedulerRecords(3))
          .singleElement()
          .satisfies(r -> assertThat(r.scheduler().account()).isEqualTo("acct"));
    }
    assertThat(countIn(old, "SELECT MAX(version) FROM schema_version"))
        .isEqualTo(SqliteWorkflowStore.schemaVersion())
        .isEqualTo(8);
    assertThat(countIn(old, "SELECT COUNT(*) FROM job WHERE runner_id IS NOT NULL")).isZero();
    assertThat(countIn(old, "SELECT COUNT(*) FROM job WHERE not_before IS NOT NULL")).isZero();
  }

  static long countIn(Path file, String sql) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
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
