package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real runner process meets a store that another connection holds locked for longer than SQLite's
 * busy timeout; commands read the store meanwhile; running workflows are not deleted or
 * reinitialized from under their runner.
 */
class StoreFaultsCliTest {
  private static final Duration BOUND = Duration.ofSeconds(90);

  /** Far above what a command that does not wait takes. */
  private static final Duration NO_WAIT_BOUND = Duration.ofSeconds(30);

  @TempDir Path dir;
  Path db;
  Path ledger;
  CliRunner cli;

  @BeforeEach
  void setUp() {
    db = dir.resolve("torc.db");
    ledger = dir.resolve("ledger.txt");
    cli = new CliRunner(db);
  }

  /** Jobs that sleep and then append their name to the ledger. */
  private long createWorkflow(int jobs, String sleep) throws IOException {
    Path spec = dir.resolve("faults.yaml");
    Files.writeString(
        spec,
        """
        name: faults
        jobs:
          - name: job_{i}
            command: sleep %s && echo "$TORC_JOB_NAME" >> %s
            parameters:
              i: "1:%d"
        """
            .formatted(sleep, ledger, jobs));
    CliRunner.Result created = cli.json("workflows", "create", spec.toString());
    assertThat(created.exitCode()).as(created.err()).isZero();
    return created.json().get("workflow_id").asLong();
  }

  private long count(long workflowId, String status) {
    return cli.jobsByName(workflowId).values().stream()
        .filter(job -> job.get("status").asText().equals(status))
        .count();
  }

  private String stderrOf(String name) {
    try {
      return Files.readString(dir.resolve(name + ".err"));
    } catch (IOException e) {
      return "";
    }
  }

  private Map<String, Long> runsPerJob() throws IOException {
    return Files.readAllLines(ledger).stream()
        .collect(Collectors.groupingBy(name -> name, Collectors.counting()));
  }

  /**
   * Runs a command that must not wait for the write lock; fails (instead of hanging while the test
   * holds the lock) when it does not finish in a bound far above what it takes.
   */
  private static CliRunner.Result withoutWaiting(Supplier<CliRunner.Result> command)
      throws Exception {
    CompletableFuture<CliRunner.Result> result = CompletableFuture.supplyAsync(command);
    try {
      return result.get(NO_WAIT_BOUND.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the command waited for the write lock", e);
    }
  }

  /** A connection that holds SQLite's write lock on the store until closed. */
  private Connection holdWriteLock() throws Exception {
    Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
    try (Statement st = connection.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
    }
    return connection;
  }

  @Test
  void aRunnerWaitsOutAWriteLockHeldPastTheBusyTimeoutAndRunsEveryJobOnce() throws Exception {
    long workflowId = createWorkflow(4, "1");
    Process runner = cli.startRunner(workflowId, dir, "locked");
    Await.until("jobs running", BOUND, () -> count(workflowId, "running") > 0);

    try (Connection lock = holdWriteLock()) {
      CliRunner.Result list = withoutWaiting(() -> cli.json("workflows", "list"));
      assertThat(list.exitCode()).as(list.err()).isZero();
      assertThat(list.out()).contains("\"faults\"");
      CliRunner.Result status =
          withoutWaiting(() -> cli.json("workflows", "status", String.valueOf(workflowId)));
      assertThat(status.exitCode()).as(status.err()).isZero();
      Await.until(
          "the runner warns that the store is locked",
          BOUND,
          () -> stderrOf("locked").contains("is locked by another writer"));
      assertThat(runner.isAlive()).as(stderrOf("locked")).isTrue();
      try (Statement st = lock.createStatement()) {
        st.execute("ROLLBACK");
      }
    }

    assertThat(runner.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(runner.exitValue()).as(stderrOf("locked")).isZero();
    assertThat(stderrOf("locked")).contains("works again");
    assertThat(cli.jobsByName(workflowId).values())
        .allSatisfy(job -> assertThat(job.get("status").asText()).isEqualTo("completed"));
    assertThat(runsPerJob())
        .containsOnlyKeys("job_1", "job_2", "job_3", "job_4")
        .allSatisfy((name, runs) -> assertThat(runs).as("runs of " + name).isEqualTo(1L));
  }

  @Test
  void aStoreWithACurrentSchemaOpensAndReadsWhileAnotherProcessHoldsTheWriteLock()
      throws Exception {
    long workflowId = createWorkflow(1, "0");
    try (Connection lock = holdWriteLock()) {
      CliRunner.Result jobs =
          withoutWaiting(() -> cli.json("jobs", "list", String.valueOf(workflowId)));
      assertThat(jobs.exitCode()).as(jobs.err()).isZero();
      assertThat(jobs.json().get("jobs")).hasSize(1);
    }
  }

  @Test
  void deletingOrReinitializingAWorkflowThatARunnerRunsIsRefusedUnlessAskedToCancelIt()
      throws Exception {
    long workflowId = createWorkflow(2, "30");
    Process runner = cli.startRunner(workflowId, dir, "running");
    Await.until("jobs running", BOUND, () -> count(workflowId, "running") == 2);
    String id = String.valueOf(workflowId);

    CliRunner.Result delete = cli.run("workflows", "delete", id);
    assertThat(delete.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(delete.err())
        .contains("cannot delete workflow " + workflowId)
        .contains("running it")
        .contains("--cancel");
    CliRunner.Result reinitialize = cli.run("workflows", "reinitialize", id);
    assertThat(reinitialize.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(reinitialize.err()).contains("cannot reinitialize workflow " + workflowId);
    assertThat(count(workflowId, "running")).isEqualTo(2);
    assertThat(runner.isAlive()).isTrue();

    CliRunner.Result canceled = cli.run("workflows", "delete", "--cancel", id);

    assertThat(canceled.exitCode()).as(canceled.err()).isZero();
    assertThat(runner.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
    JsonNode workflows = cli.json("workflows", "list").json();
    assertThat(workflows.toString()).doesNotContain("\"faults\"");
    assertThat(Files.exists(ledger)).as("no job finished its sleep").isFalse();
  }

  @Test
  void reinitializeWithCancelStopsTheRunnerAndStartsANewRun() throws Exception {
    long workflowId = createWorkflow(1, "30");
    Process runner = cli.startRunner(workflowId, dir, "running");
    Await.until("the job running", BOUND, () -> count(workflowId, "running") == 1);

    CliRunner.Result reinitialized =
        cli.json("workflows", "reinitialize", "--cancel", String.valueOf(workflowId));

    assertThat(reinitialized.exitCode()).as(reinitialized.err()).isZero();
    assertThat(reinitialized.json().get("run_id").asInt()).isEqualTo(2);
    assertThat(runner.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(List.copyOf(cli.jobsByName(workflowId).values()))
        .singleElement()
        .satisfies(job -> assertThat(job.get("status").asText()).isEqualTo("ready"));
  }

  @Test
  void aFullOutputDiskPausesLaunchesUntilSpaceReturnsAndLosesNoJob() throws Exception {
    try (Tmpfs out = Tmpfs.mount(dir.resolve("out"), 16)) {
      long workflowId = createWorkflow(6, "1");
      Process runner = cli.startRunner(workflowId, dir, "full");
      Await.until("jobs running", BOUND, () -> count(workflowId, "running") > 0);

      out.fill();

      Await.until(
          "the runner says the disk is full", BOUND, () -> stderrOf("full").contains("is full"));
      Await.until(
          "the jobs under way ended",
          BOUND,
          () -> count(workflowId, "running") == 0 && count(workflowId, "pending") == 0);
      long completed = count(workflowId, "completed");
      assertThat(completed).isLessThan(6);
      Thread.sleep(2_000); // a few times the runner's poll interval and disk probe
      assertThat(count(workflowId, "running")).as("jobs launched on a full disk").isZero();
      assertThat(count(workflowId, "completed")).isEqualTo(completed);
      assertThat(runner.isAlive()).as(stderrOf("full")).isTrue();

      out.free();

      assertThat(runner.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(runner.exitValue()).as(stderrOf("full")).isZero();
      assertThat(stderrOf("full")).contains("launching jobs again");
      assertThat(runsPerJob())
          .hasSize(6)
          .allSatisfy((name, runs) -> assertThat(runs).as("runs of " + name).isEqualTo(1L));
    }
  }

  @Test
  void aRunnerWaitsOutAFullDiskUnderItsStoreAndRunsEveryJobOnce() throws Exception {
    try (Tmpfs disk = Tmpfs.mount(dir.resolve("store"), 32)) {
      db = dir.resolve("store").resolve("torc.db");
      cli = new CliRunner(db);
      long workflowId = createWorkflow(4, "1");
      Process runner = cli.startRunner(workflowId, dir, "store-full");
      Await.until("jobs running", BOUND, () -> count(workflowId, "running") > 0);

      disk.fill();

      Await.until(
          "the runner says the store cannot be written",
          BOUND,
          () -> stderrOf("store-full").contains("cannot be written (disk full"));
      assertThat(runner.isAlive()).as(stderrOf("store-full")).isTrue();

      disk.free();

      assertThat(runner.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(runner.exitValue()).as(stderrOf("store-full")).isZero();
      assertThat(cli.jobsByName(workflowId).values())
          .allSatisfy(job -> assertThat(job.get("status").asText()).isEqualTo("completed"));
      assertThat(runsPerJob())
          .hasSize(4)
          .allSatisfy((name, runs) -> assertThat(runs).as("runs of " + name).isEqualTo(1L));
    }
  }
}
