package dev.torc.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.exec.JobProcess;
import dev.torc.exec.LaunchRequest;
import dev.torc.exec.LocalProcessLauncher;
import dev.torc.exec.MachineResources;
import dev.torc.exec.internal.ProcMarks;
import dev.torc.exec.internal.ProcStat;
import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.Workflow;
import dev.torc.run.internal.AttemptMark;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.ResourceBudget;
import dev.torc.store.RunnerInfo;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runner keeps every process of its attempts inside them, and stops what dead runners left. */
class ContainmentRunTest {
  private static final long GIB = 1L << 30;
  private static final Duration BOUND = Duration.ofSeconds(10);

  @TempDir Path dir;
  LocalRuns torc;

  @BeforeEach
  void open() {
    torc = LocalRuns.open(dir.resolve("torc.db"));
  }

  @AfterEach
  void close() {
    torc.close();
  }

  private RunOptions options() {
    return RunOptions.builder()
        .outputDir(dir.resolve("out"))
        .resources(new MachineResources(2, 8 * GIB, 0))
        .pollInterval(Duration.ofMillis(100))
        .terminationGrace(Duration.ofMillis(500))
        .sampleIntervalSeconds(0.1)
        .build();
  }

  /** Starts {@code command} twice forked away, in a session of its own; its pid goes to a file. */
  private String escaped(String command, String pidFile) {
    return "( setsid nohup bash -c 'echo $$ > "
        + dir.resolve(pidFile)
        + "; "
        + command
        + "' > /dev/null 2>&1 & )";
  }

  @Test
  void aDaemonAJobStartsIsGoneBeforeTheNextJobStartsAndAfterTheRun() throws Exception {
    Path daemonPid = dir.resolve("daemon.pid");
    Workflow workflow =
        Workflow.builder("daemons")
            .job(
                JobSpec.builder("starter")
                    .command(
                        escaped("exec sleep 1000", "daemon.pid")
                            + "; until [ -s "
                            + daemonPid
                            + " ]; do sleep 0.01; done")
                    .build())
            .job(
                JobSpec.builder("checker")
                    // Gone, or a zombie that its new parent has not reaped yet.
                    .command(
                        "s=$(cut -d' ' -f3 /proc/$(cat "
                            + daemonPid
                            + ")/stat 2>/dev/null); [ -z \"$s\" ] || [ \"$s\" = Z ]")
                    .dependsOn("starter")
                    .build())
            .build();

    RunResult result = torc.run(workflow, options());

    assertThat(result.outcome())
        .as("the daemon was gone when checker ran: " + logs())
        .isEqualTo(RunResult.Outcome.COMPLETED);
    assertThat(ProcStat.isRunning(Long.parseLong(Files.readString(daemonPid).strip()))).isFalse();
  }

  @Test
  void aDoubleForkedChildAboveTheJobsMemoryFailsTheJobWith137() throws Exception {
    Workflow workflow =
        Workflow.builder("escape")
            .resourceRequirements(
                ResourceRequirements.builder("tiny").memory("50m").runtime("PT1M").build())
            .job(
                JobSpec.builder("hungry")
                    .command(
                        escaped("cat /dev/zero | tail -c 200m > /dev/null", "hog.pid")
                            + "; sleep 60")
                    .resourceRequirements("tiny")
                    .build())
            .build();

    RunResult result = torc.run(workflow, options());

    JobResult hungry = torc.store().listResults(result.workflowId()).get(0);
    assertThat(hungry.status()).isEqualTo(JobStatus.FAILED);
    assertThat(hungry.returnCode()).isEqualTo(137);
    assertThat(hungry.peakMemoryBytes()).isGreaterThan(50L << 20);
    long hog = Long.parseLong(Files.readString(dir.resolve("hog.pid")).strip());
    assertThat(ProcStat.isRunning(hog)).isFalse();
  }

  @Test
  void anAttemptADeadRunnerStartedButNeverRecordedIsKilledAndRunsAgainAsTheNextAttempt()
      throws Exception {
    Path ledger = dir.resolve("ledger.txt");
    long workflowId =
        torc.submit(
            Workflow.builder("window")
                .job(JobSpec.builder("job").command("echo $TORC_ATTEMPT_ID >> " + ledger).build())
                .build());
    RunnerInfo deadRunner = deadProcess();
    long deadId = torc.store().registerRunner(workflowId, deadRunner);
    JobRecord claimed =
        torc.store().claimReadyJobs(workflowId, new ResourceBudget(2, GIB, 0), 1, deadId).get(0);
    String mark =
        new AttemptMark(
                workflowId,
                claimed.id(),
                1,
                claimed.attemptId(),
                deadId,
                deadRunner.pid(),
                deadRunner.processStart().toEpochMilli(),
                42)
            .text();
    JobProcess orphan =
        LocalProcessLauncher.create()
            .start(
                LaunchRequest.builder(escaped("exec sleep 1000", "escaped.pid") + "; sleep 1000")
                    .workingDirectory(dir)
                    .mark(mark)
                    .build());
    long escaped = awaitPid(dir.resolve("escaped.pid"));

    RunResult result = torc.run(workflowId, options());

    assertThat(orphan.waitFor(BOUND)).as("the orphan was killed").isTrue();
    assertThat(ProcStat.isRunning(escaped)).isFalse();
    assertThat(ProcMarks.find(mark)).isEmpty();
    assertThat(result.outcome()).isEqualTo(RunResult.Outcome.COMPLETED);
    assertThat(torc.store().getJob(claimed.id()).attemptId()).isEqualTo(2);
    assertThat(Files.readAllLines(ledger)).containsExactly("2");
    List<JobResult> results = torc.store().listResults(workflowId);
    assertThat(results).extracting(JobResult::attemptId).containsExactly(1, 2);
    assertThat(results.get(0).returnCode()).isEqualTo(-1);
    assertThat(torc.store().listEvents(workflowId))
        .anySatisfy(
            e ->
                assertThat(e.message())
                    .contains("attempt 1 lost")
                    .contains("died after starting it"));
  }

  @Test
  void aRunnerBusyWithItsOwnJobSettlesARunnerThatDiesMeanwhile() throws Exception {
    Path released = dir.resolve("released");
    long workflowId =
        torc.submit(
            Workflow.builder("busy")
                .job(JobSpec.builder("claimed_by_the_dying").command("touch " + released).build())
                .job(
                    JobSpec.builder("busy")
                        .command(
                            "for i in $(seq 300); do [ -f "
                                + released
                                + " ] && exit 0; sleep 0.05; done; exit 1")
                        .build())
                .build());
    Process dying = new ProcessBuilder("sleep", "2").start();
    long dyingId = torc.store().registerRunner(workflowId, runnerOf(dying));
    JobRecord claimed =
        torc.store().claimReadyJobs(workflowId, new ResourceBudget(2, GIB, 0), 1, dyingId).get(0);
    assertThat(claimed.name()).isEqualTo("claimed_by_the_dying");

    RunResult result = torc.run(workflowId, options());

    assertThat(dying.isAlive()).isFalse();
    assertThat(result.outcome()).as(logs()).isEqualTo(RunResult.Outcome.COMPLETED);
    assertThat(torc.store().listResults(workflowId))
        .as("the busy job saw the dead runner's job run while it ran")
        .allSatisfy(r -> assertThat(r.returnCode()).isZero())
        .hasSize(2);
  }

  private String logs() {
    try (var files = Files.list(dir.resolve("out").resolve("job_stdio"))) {
      StringBuilder all = new StringBuilder();
      for (Path f : files.toList()) {
        all.append(f.getFileName()).append(": ").append(Files.readString(f)).append("\n");
      }
      return all.toString();
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  /** A runner process of this host that has exited: its pid and start time. */
  private static RunnerInfo deadProcess() throws Exception {
    Process process = new ProcessBuilder("sleep", "0.2").start();
    RunnerInfo runner = runnerOf(process);
    assertThat(process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
    return runner;
  }

  /** A runner of this host that is {@code process}, read while it lives. */
  private static RunnerInfo runnerOf(Process process) throws Exception {
    Instant start = process.toHandle().info().startInstant().orElseThrow();
    return new RunnerInfo(InetAddress.getLocalHost().getHostName(), process.pid(), start);
  }

  private static long awaitPid(Path file) throws Exception {
    Instant deadline = Instant.now().plus(BOUND);
    while (!Files.exists(file) || !Files.readString(file).endsWith("\n")) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("no pid in " + file);
      }
      Thread.sleep(20);
    }
    return Long.parseLong(Files.readString(file).strip());
  }
}
