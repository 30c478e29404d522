package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.torc.model.JobStatus;
import dev.torc.store.ActiveJob;
import dev.torc.store.JobResult;
import dev.torc.store.RunnerRecord;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import dev.torc.store.internal.PostgresLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three runner processes on one workflow in PostgreSQL (TORC_TEST_POSTGRES_URL, as .ci/postgres.sh
 * exports it; skipped without it, failed in CI), one of them killed with SIGKILL.
 */
class PostgresRunnersTest {
  private static final Duration BOUND = Duration.ofSeconds(90);
  private static final int JOBS = 24;

  @TempDir Path dir;
  private String url;
  private String schema;
  private String location;
  private CliRunner cli;

  @BeforeEach
  void setUp() {
    url = System.getenv("TORC_TEST_POSTGRES_URL");
    if (url == null || url.isBlank()) {
      String why = "TORC_TEST_POSTGRES_URL is not set: source .ci/postgres.sh to run this test";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("in CI the PostgreSQL tests must run, but " + why);
      }
      Assumptions.abort(why);
    }
    schema = "runners_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
    location = url + (url.contains("?") ? "&" : "?") + "schema=" + schema;
    cli = new CliRunner(location);
  }

  @AfterEach
  void dropSchema() throws Exception {
    if (schema != null) {
      try (Connection c = connect();
          Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
      }
    }
  }

  private Connection connect() throws Exception {
    PostgresLocation server = PostgresLocation.parse(url, System.getenv());
    return DriverManager.getConnection(server.jdbcUrl(), server.connectionProperties());
  }

  @Test
  void threeRunnersOneKilledCompleteEveryJobExactlyOnce() throws Exception {
    Path ledger = dir.resolve("ledger.txt");
    Path spec = dir.resolve("shared.yaml");
    Files.writeString(
        spec,
        """
        name: shared
        jobs:
          - name: job_{i}
            command: sleep 0.7 && echo "$TORC_JOB_NAME:$TORC_ATTEMPT_ID" >> %s
            parameters:
              i: "1:%d"
        """
            .formatted(ledger, JOBS));
    CliRunner.Result created = cli.json("workflows", "create", spec.toString());
    assertThat(created.exitCode()).as(created.err()).isZero();
    long workflowId = created.json().get("workflow_id").asLong();

    List<Process> runners = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      runners.add(cli.startRunner(workflowId, dir, "runner" + i));
    }
    Process victim = runners.get(0);
    try (WorkflowStore store = Stores.open(location)) {
      Await.until(
          "the first runner to run a job while others completed",
          BOUND,
          () -> runsAJob(store, workflowId, victim.pid()) && completed(store, workflowId) > 0);
      victim.destroyForcibly();
      assertThat(victim.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(victim.exitValue()).isEqualTo(137);

      for (int i = 1; i < runners.size(); i++) {
        Process survivor = runners.get(i);
        assertThat(survivor.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(survivor.exitValue())
            .as(Files.readString(dir.resolve("runner" + i + ".err")))
            .isZero();
      }
      CliRunner.Result resumed = cli.resume(workflowId, dir);
      assertThat(resumed.exitCode()).as(resumed.err() + resumed.out()).isZero();

      assertThat(store.countJobsByStatus(workflowId))
          .containsExactly(Map.entry(JobStatus.COMPLETED, JOBS));
      Map<Long, List<JobResult>> completedByJob =
          store.listResults(workflowId).stream()
              .filter(r -> r.status() == JobStatus.COMPLETED)
              .collect(Collectors.groupingBy(JobResult::jobId));
      assertThat(completedByJob).hasSize(JOBS);
      assertThat(completedByJob.values()).allSatisfy(results -> assertThat(results).hasSize(1));
      assertThat(store.listResults(workflowId))
          .filteredOn(r -> r.status() != JobStatus.COMPLETED)
          .as("only attempts lost with the killed runner failed")
          .allSatisfy(r -> assertThat(r.returnCode()).isEqualTo(-1));

      List<String> lines = Files.readAllLines(ledger);
      assertThat(lines).as("no attempt ran twice").doesNotHaveDuplicates();
      store
          .listJobs(workflowId, null)
          .forEach(
              job ->
                  assertThat(lines)
                      .as("the completed attempt of " + job.name())
                      .contains(job.name() + ":" + job.attemptId()));
    } finally {
      runners.forEach(Process::destroyForcibly);
    }
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT COUNT(*) FROM \"" + schema + "\".job WHERE workflow_id = " + workflowId)) {
      rs.next();
      assertThat(rs.getInt(1)).as("the jobs live in PostgreSQL").isEqualTo(JOBS);
    }
  }

  private static boolean runsAJob(WorkflowStore store, long workflowId, long pid) {
    List<Long> runnerIds =
        store.listActiveRunners(workflowId).stream()
            .filter(r -> r.process().pid() == pid)
            .map(RunnerRecord::id)
            .toList();
    return store.listActiveJobs(workflowId).stream()
        .filter(j -> j.status() == JobStatus.RUNNING)
        .map(ActiveJob::runnerId)
        .anyMatch(runnerIds::contains);
  }

  private static int completed(WorkflowStore store, long workflowId) {
    return store.countJobsByStatus(workflowId).getOrDefault(JobStatus.COMPLETED, 0);
  }
}
