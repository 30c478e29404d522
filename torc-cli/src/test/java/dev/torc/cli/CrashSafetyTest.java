package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real runner processes, killed with real SIGKILLs, resumed, and run side by side. */
class CrashSafetyTest {
  private static final Duration BOUND = Duration.ofSeconds(60);

  @TempDir Path dir;
  Path db;
  CliRunner cli;

  @BeforeEach
  void setUp() {
    db = dir.resolve("torc.db");
    cli = new CliRunner(db);
  }

  /** Jobs that take a while and append "name:attempt" to a shared ledger when they finish. */
  private long createSlowWorkflow(int jobs, String sleep) throws IOException {
    Path ledger = dir.resolve("ledger.txt");
    Path spec = dir.resolve("slow.yaml");
    Files.writeString(
        spec,
        """
        name: slow
        jobs:
          - name: job_{i}
            command: sleep %s && echo "$TORC_JOB_NAME:$TORC_ATTEMPT_ID" >> %s
            parameters:
              i: "1:%d"
        """
            .formatted(sleep, ledger, jobs));
    CliRunner.Result created = cli.json("workflows", "create", spec.toString());
    assertThat(created.exitCode()).as(created.err()).isZero();
    return created.json().get("workflow_id").asLong();
  }

  private Process startRunner(long workflowId, String name) throws IOException {
    return cli.startRunner(workflowId, dir, name);
  }

  private Map<String, JsonNode> jobs(long workflowId) {
    return cli.jobsByName(workflowId);
  }

  private List<String> ledger() throws IOException {
    Path ledger = dir.resolve("ledger.txt");
    return Files.exists(ledger) ? Files.readAllLines(ledger) : List.of();
  }

  private List<String> namesIn(long workflowId, String status) {
    return jobs(workflowId).values().stream()
        .filter(job -> job.get("status").asText().equals(status))
        .map(job -> job.get("name").asText())
        .toList();
  }

  @Test
  void aRunKilledWithSigkillIsResumedWithoutRerunningCompletedJobs() throws Exception {
    long workflowId = createSlowWorkflow(6, "1");
    Process runner = startRunner(workflowId, "first");
    Await.until(
        "one job completed and others running",
        BOUND,
        () ->
            !namesIn(workflowId, "completed").isEmpty()
                && !namesIn(workflowId, "running").isEmpty());

    runner.destroyForcibly();
    assertThat(runner.waitFor(BOUND.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(runner.exitValue()).isEqualTo(137);
    List<String> completedBefore = namesIn(workflowId, "completed");
    List<String> runningAtKill = namesIn(workflowId, "running");

    CliRunner.Result resumed = resume(workflowId);

    assertThat(resumed.exitCode()).as(resumed.err() + resumed.out()).isZero();
    Map<String, JsonNode> jobs = jobs(workflowId);
    assertThat(jobs.values())
        .allSatisfy(j -> assertThat(j.get("status").asText()).isEqualTo("completed"));
    Map<String, Long> runsPerJob =
        ledger().stream()
            .map(line -> line.substring(0, line.indexOf(':')))
            .collect(Collectors.groupingBy(name -> name, Collectors.counting()));
    for (String name : completedBefore) {
      assertThat(runsPerJob.get(name)).as("runs of " + name).isEqualTo(1L);
      assertThat(jobs.get(name).get("attempt_id").asInt()).isEqualTo(1);
    }
    for (String name : runningAtKill) {
      JsonNode job = jobs.get(name);
      assertThat(job.get("attempt_id").asInt()).as("attempt of " + name).isEqualTo(2);
      long jobId = job.get("id").asLong();
      assertThat(dir.resolve("out/job_stdio/job_wf" + workflowId + "_j" + jobId + "_r1_a1.e"))
          .as("the lost attempt's log is kept")
          .exists();
    }
  }

  @Test
  void twoRunnersOnOneWorkflowNeverRunAJobTwice() throws Exception {
    long workflowId = createSlowWorkflow(12, "0.2");

    Process first = startRunner(workflowId, "first");
    Process second = startRunner(workflowId, "second");
    assertThat(first.waitFor(BOUND.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(second.waitFor(BOUND.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    assertThat(first.exitValue()).as(Files.readString(dir.resolve("first.err"))).isZero();
    assertThat(second.exitValue()).as(Files.readString(dir.resolve("second.err"))).isZero();
    List<String> ledger = new ArrayList<>(ledger());
    assertThat(ledger).hasSize(12).doesNotHaveDuplicates();
    assertThat(ledger).allMatch(line -> line.endsWith(":1"));
    assertThat(namesIn(workflowId, "completed")).hasSize(12);
  }

  @Test
  void aRecoveryScriptOrphanedBySigkillIsKilledAndItsAttemptSettledAsLost() throws Exception {
    Path spec = dir.resolve("recovery.yaml");
    Files.writeString(
        spec,
        """
        name: recovery
        failure_handlers:
          - name: fix
            rules:
              - exit_codes: [10]
                recovery_script: 'sleep 600 & echo $! > %1$s/child.pid; echo $$ > %1$s/script.pid; wait'
                max_retries: 2
        jobs:
          - name: flaky
            command: '[ "$TORC_ATTEMPT_ID" -ge 2 ] || exit 10'
            failure_handler: fix
        """
            .formatted(dir));
    CliRunner.Result created = cli.json("workflows", "create", spec.toString());
    assertThat(created.exitCode()).as(created.err()).isZero();
    long workflowId = created.json().get("workflow_id").asLong();

    Process runner = startRunner(workflowId, "first");
    Path scriptPid = dir.resolve("script.pid");
    Path childPid = dir.resolve("child.pid");
    Await.until(
        "the recovery script to run",
        BOUND,
        () ->
            pid(scriptPid) > 0
                && pid(childPid) > 0
                && !cli.events(workflowId, "recovery_script_started").isEmpty());
    runner.destroyForcibly();
    assertThat(runner.waitFor(BOUND.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    ProcessHandle script = ProcessHandle.of(pid(scriptPid)).orElseThrow();
    ProcessHandle child = ProcessHandle.of(pid(childPid)).orElseThrow();
    assertThat(script.isAlive()).as("the script outlives its runner").isTrue();
    assertThat(namesIn(workflowId, "running")).containsExactly("flaky");

    CliRunner.Result resumed = resume(workflowId);

    assertThat(resumed.exitCode()).as(resumed.err() + resumed.out()).isZero();
    Await.until(
        "the orphaned script and its child to die",
        BOUND,
        () -> !script.isAlive() && !child.isAlive());
    JsonNode flaky = jobs(workflowId).get("flaky");
    assertThat(flaky.get("status").asText()).isEqualTo("completed");
    assertThat(flaky.get("attempt_id").asInt()).isEqualTo(2);
    JsonNode results =
        cli.json("results", "list", String.valueOf(workflowId)).json().get("results");
    assertThat(results).hasSize(2);
    assertThat(results.get(0).get("attempt_id").asInt()).isEqualTo(1);
    assertThat(results.get(0).get("return_code").asInt()).isEqualTo(-1);
    assertThat(cli.events(workflowId, "job_retry"))
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains("attempt 1 lost")
                    .contains("orphaned processes were killed"));
  }

  @Test
  void aRunStoppedWithSigtermStopsItsJobsAndIsResumedLater() throws Exception {
    Path spec = dir.resolve("term.yaml");
    Files.writeString(
        spec,
        """
        name: term
        jobs:
          - name: job_{i}
            command: >-
              if [ "$TORC_ATTEMPT_ID" = 1 ]; then echo $$ > %s/$TORC_JOB_NAME.pid; sleep 300; fi
            parameters:
              i: "1:2"
        """
            .formatted(dir));
    CliRunner.Result created = cli.json("workflows", "create", spec.toString());
    assertThat(created.exitCode()).as(created.err()).isZero();
    long workflowId = created.json().get("workflow_id").asLong();
    Process runner = startRunner(workflowId, "terminated");
    Await.until(
        "both jobs running",
        BOUND,
        () -> pid(dir.resolve("job_1.pid")) > 0 && pid(dir.resolve("job_2.pid")) > 0);

    runner.destroy();

    assertThat(runner.waitFor(BOUND.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    for (String job : List.of("job_1", "job_2")) {
      long pid = pid(dir.resolve(job + ".pid"));
      Await.until(
          job + " (pid " + pid + ") to stop",
          BOUND,
          () -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }
    CliRunner.Result resumed = resume(workflowId);
    assertThat(resumed.exitCode()).as(resumed.err() + resumed.out()).isZero();
    assertThat(jobs(workflowId).values())
        .allSatisfy(
            j -> {
              assertThat(j.get("status").asText()).isEqualTo("completed");
              assertThat(j.get("attempt_id").asInt()).isEqualTo(2);
            });
  }

  @Test
  void recoverSettlesTheJobsOfAKilledRunnerAndRunsThemAgain() throws Exception {
    long workflowId = createSlowWorkflow(2, "30");
    Process runner = startRunner(workflowId, "killed");
    Await.until("both jobs running", BOUND, () -> namesIn(workflowId, "running").size() == 2);
    runner.destroyForcibly();
    assertThat(runner.waitFor(BOUND.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    CliRunner.Result dryRun = cli.run("recover", String.valueOf(workflowId), "--dry-run");
    assertThat(dryRun.exitCode()).as(dryRun.err()).isEqualTo(2);
    assertThat(dryRun.err()).contains("2 pending or running jobs");

    CliRunner.Result recovered =
        cli.run(
            "recover", String.valueOf(workflowId), "--no-run", "-o", dir.resolve("out").toString());

    assertThat(recovered.exitCode()).as(recovered.err()).isZero();
    assertThat(recovered.out())
        .contains("Settled 2 job(s) left by a runner that died; they will run again.");
    assertThat(namesIn(workflowId, "ready")).containsExactlyInAnyOrder("job_1", "job_2");
    assertThat(jobs(workflowId).values())
        .allSatisfy(j -> assertThat(j.get("attempt_id").asInt()).isEqualTo(2));
    assertThat(cli.events(workflowId, "job_retry"))
        .hasSize(2)
        .allSatisfy(m -> assertThat(m).contains("attempt 1 lost"));
  }

  /** Runs the workflow to its end in this JVM, as a user would after the kill. */
  private CliRunner.Result resume(long workflowId) {
    return cli.resume(workflowId, dir);
  }

  private static long pid(Path file) {
    try {
      String text = Files.exists(file) ? Files.readString(file).strip() : "";
      return text.isEmpty() ? -1 : Long.parseLong(text);
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }
}
