package dev.torc.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.store.internal.PostgresWorkflowStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a real PostgreSQL server, each test in a schema of its own. */
class PostgresWorkflowStoreTest extends WorkflowStoreContract {
  @TempDir Path tempDir;
  private String schema;

  @Override
  protected WorkflowStore openStore(Clock clock) {
    PostgresTestDatabase.url();
    schema = PostgresTestDatabase.newSchema("contract");
    return PostgresWorkflowStore.open(PostgresTestDatabase.location(schema), clock);
  }

  @AfterEach
  void dropSchema() {
    if (schema != null) {
      store.close();
      PostgresTestDatabase.drop(schema);
    }
  }

  @Test
  void aVersionFourSchemaWithRunningJobsKeepsTheirAttemptsAsReferences() throws Exception {
    String old = PostgresTestDatabase.newSchema("v4");
    long start = WorkflowStoreContract.START.toEpochMilli();
    String jobColumns =
        "INSERT INTO job (id, workflow_id, name, command, status, attempt_id, rr_name, num_cpus,"
            + " memory_bytes, memory_text, num_gpus, num_nodes, runtime_seconds, runtime_iso,"
            + " cancel_on_blocking_job_failure, supports_termination, runner_id, process_host,"
            + " process_pid, process_start, started_at) VALUES ";
    String resources = "'default', 1, 1048576, '1m', 0, 1, 3600, 'PT1H', TRUE, FALSE";
    try {
      try (Connection c = PostgresTestDatabase.connect();
          Statement st = c.createStatement()) {
        st.execute("CREATE SCHEMA \"" + old + "\"");
        st.execute("SET search_path TO \"" + old + "\"");
        st.execute(
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, script TEXT NOT NULL,"
                + " applied_at BIGINT NOT NULL)");
        List<String> scripts =
            List.of(
                "V1__init.sql",
                "V2__runners.sql",
                "V3__retry_delay.sql",
                "V4__recovery_config.sql");
        for (int i = 0; i < scripts.size(); i++) {
          for (String sql :
              SqliteWorkflowStoreTest.migrationStatements(
                  "/dev/torc/store/postgresql/" + scripts.get(i))) {
            st.execute(sql);
          }
          st.execute(
              "INSERT INTO schema_version VALUES (" + (i + 1) + ", '" + scripts.get(i) + "', 0)");
        }
        st.execute(
            "INSERT INTO workflow (id, name, run_id, created_at, rm_enabled, rm_granularity,"
                + " rm_sample_interval_seconds, jobs_sort_method) VALUES (3, 'old', 1, "
                + start
                + ", TRUE, 'SUMMARY', 10.0, 'NONE')");
        st.execute(
            "INSERT INTO runner (id, workflow_id, host, pid, started_at, heartbeat_at) VALUES"
                + " (7, 3, 'node-a', 4242, "
                + start
                + ", "
                + start
                + ")");
        st.execute(
            jobColumns
                + "(10, 3, 'a', 'echo a', 4, 1, "
                + resources
                + ", 7, 'node-a', 0, NULL, "
                + start
                + "), (11, 3, 'b', 'echo b', 4, 2, "
                + resources
                + ", 7, 'node-a', 555, '"
                + WorkflowStoreContract.START.plusNanos(1)
                + "', "
                + start
                + ")");
      }

      try (WorkflowStore migrated =
          PostgresWorkflowStore.open(PostgresTestDatabase.location(old), Clock.systemUTC())) {
        assertThat(migrated.listActiveJobs(3))
            .extracting(ActiveJob::attempt)
            .containsExactly(
                new AttemptRef("local", "node-a", null, null),
                new AttemptRef("local", "node-a", "555", WorkflowStoreContract.START.plusNanos(1)));
        assertThat(migrated.listActiveJobs(3))
            .extracting(ActiveJob::startedAt)
            .containsOnly(WorkflowStoreContract.START);
      }
    } finally {
      PostgresTestDatabase.drop(old);
    }
  }

  @Test
  void theTablesLiveInTheirOwnSchemaOnTheServer() throws SQLException {
    long wf = store.createWorkflow(workflow(job("a"), job("b", "a")));
    try (Connection c = PostgresTestDatabase.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ?"
                    + " AND table_name IN ('workflow', 'job', 'result', 'event', 'runner')")) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(5);
      }
    }
    try (Connection c = PostgresTestDatabase.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(*) FROM \"" + schema + "\".job WHERE workflow_id = ?")) {
      ps.setLong(1, wf);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(2);
      }
    }
  }

  @Test
  void aChangeGoesThroughWhenTheServerDropsTheStoresConnection() throws SQLException {
    long wf = store.createWorkflow(workflow(job("a"), job("b", "a")));
    long a = id(wf, "a");
    try (Connection c = PostgresTestDatabase.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE application_name = ?")) {
      ps.setString(1, "torc/" + schema);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).as("connections dropped").isEqualTo(1);
      }
    }

    assertThat(store.claimReadyJobs(wf, PLENTY, 5)).extracting(JobRecord::id).containsExactly(a);
    store.markJobRunning(a, 0, new AttemptRef("local", "host", "1", null));
    store.completeJob(result(wf, a, 1, JobStatus.COMPLETED, 0));
    assertThat(status(wf, "b")).isEqualTo(JobStatus.READY);
  }

  @Test
  void processesAndConnectionsClaimingAtOnceNeverClaimTheSameJob() throws Exception {
    int jobCount = 2_000;
    long wf =
        store.createWorkflow(
            workflow(
                IntStream.range(0, jobCount).mapToObj(i -> job("j" + i)).toArray(JobSpec[]::new)));
    String location = PostgresTestDatabase.location(schema);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> children = new ArrayList<>();
    List<Path> outs = new ArrayList<>();
    try (WorkflowStore second = PostgresWorkflowStore.open(location, clock);
        WorkflowStore third = PostgresWorkflowStore.open(location, clock)) {
      for (int i = 0; i < 2; i++) {
        Path out = tempDir.resolve("claimed-by-child-" + i + ".txt");
        outs.add(out);
        children.add(
            new ProcessBuilder(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    ClaimMain.class.getName(),
                    location,
                    Long.toString(wf),
                    out.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(tempDir.resolve("child-" + i + ".err").toFile())
                .start());
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline
          && outs.stream().anyMatch(o -> !Files.exists(o) || o.toFile().length() == 0)
          && children.stream().allMatch(Process::isAlive)) {
        LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
      }
      List<Long> all =
          new ArrayList<>(claimConcurrently(List.of(store, second, third, second), wf));
      for (int i = 0; i < children.size(); i++) {
        Process child = children.get(i);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue())
            .as(Files.readString(tempDir.resolve("child-" + i + ".err")))
            .isZero();
        for (String line : Files.readAllLines(outs.get(i))) {
          all.add(Long.parseLong(line.trim()));
        }
      }
      assertThat(all).doesNotHaveDuplicates().hasSize(jobCount);
      assertThat(store.countJobsByStatus(wf))
          .containsExactly(Map.entry(JobStatus.PENDING, jobCount));
    } finally {
      children.forEach(Process::destroyForcibly);
    }
  }

  @Test
  void runnersOnSeveralConnectionsCompleteAFanInOnce() throws Exception {
    int work = 300;
    List<JobSpec> jobs = new ArrayList<>();
    jobs.add(job("start"));
    String[] names = new String[work];
    for (int i = 0; i < work; i++) {
      names[i] = "w" + i;
      jobs.add(job(names[i], "start"));
    }
    jobs.add(job("end", names));
    long wf = store.createWorkflow(workflow(jobs.toArray(JobSpec[]::new)));
    String location = PostgresTestDatabase.location(schema);
    List<WorkflowStore> stores = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        WorkflowStore mine = PostgresWorkflowStore.open(location, clock);
        stores.add(mine);
        long runner = mine.registerRunner(wf, new RunnerInfo("host-" + i, 100 + i, null));
        done.add(pool.submit(() -> runUntilDone(mine, wf, runner, work + 2)));
      }
      int completed = 0;
      for (Future<Integer> f : done) {
        completed += f.get(120, TimeUnit.SECONDS);
      }
      assertThat(completed).isEqualTo(work + 2);
      assertThat(store.countJobsByStatus(wf))
          .containsExactly(Map.entry(JobStatus.COMPLETED, work + 2));
      assertThat(store.listResults(wf))
          .extracting(JobResult::jobId)
          .doesNotHaveDuplicates()
          .hasSize(work + 2);
    } finally {
      pool.shutdownNow();
      stores.forEach(WorkflowStore::close);
    }
  }

  /** Claims, starts and completes jobs until all {@code total} jobs completed; returns its own. */
  private static int runUntilDone(WorkflowStore store, long wf, long runner, int total) {
    int mine = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(100).toNanos();
    while (System.nanoTime() < deadline) {
      List<JobRecord> claimed = store.claimReadyJobs(wf, PLENTY, 3, runner);
      if (claimed.isEmpty()) {
        if (store.countJobsByStatus(wf).getOrDefault(JobStatus.COMPLETED, 0) == total) {
          return mine;
        }
        Thread.onSpinWait();
        continue;
      }
      for (JobRecord job : claimed) {
        store.markJobRunning(job.id(), runner, new AttemptRef("local", "host", "1", null));
        store.completeJob(
            new JobResult(
                job.id(),
                wf,
                1,
                job.attemptId(),
                0,
                JobStatus.COMPLETED,
                0.1,
                START,
                null,
                null,
                null,
                null));
        mine++;
      }
    }
    throw new AssertionError("the workflow did not complete in time");
  }
}
