package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.exec.JobContainment;
import dev.torc.exec.internal.ProcMarks;
import dev.torc.model.JobStatus;
import dev.torc.run.internal.AttemptMark;
import dev.torc.store.RunnerRecord;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runner processes killed with SIGKILL at random moments, over and over, also right after they
 * spawned a job (widened by a test-only pause), then several runners resuming together. Every job
 * holds a lock for as long as any process of it lives, including a child that escapes to a session
 * of its own and would sleep for a minute: a second live copy of a job, of the same attempt or not,
 * finds the lock taken and says so.
 */
class RandomKillsTest {
  private static final Duration BOUND = Duration.ofSeconds(90);
  private static final int JOBS = 8;
  private static final int ROUNDS = 4;
  private static final String PAUSE_AFTER_SPAWN = "-Dtorc.test.pauseAfterSpawnMillis=300";

  @TempDir Path dir;
  private CliRunner cli;
  private WorkflowStore store;
  private final List<Process> runners = new ArrayList<>();
  private final Set<Long> runnerPids = new HashSet<>();

  @BeforeEach
  void setUp() {
    Path db = dir.resolve("torc.db");
    cli = new CliRunner(db);
    store = Stores.open(db.toString());
  }

  @AfterEach
  void tearDown() {
    runners.forEach(Process::destroyForcibly);
    JobContainment.detect().killAll(this::startedHere);
    store.close();
  }

  /** Whether a mark is that of an attempt one of this test's runners started. */
  private boolean startedHere(String text) {
    AttemptMark mark = AttemptMark.parse(text);
    return mark != null && runnerPids.contains(mark.runnerPid());
  }

  private long createWorkflow() throws IOException {
    Files.createDirectories(dir.resolve("locks"));
    Path script = dir.resolve("job.sh");
    Files.writeString(
        script,
        """
        d=%s
        exec 9>>"$d/locks/$TORC_JOB_NAME"
        flock -n 9 || echo "$TORC_JOB_NAME:$TORC_ATTEMPT_ID" >> "$d/doubles"
        echo "$TORC_JOB_NAME:$TORC_ATTEMPT_ID" >> "$d/starts"
        ( setsid sleep 60 & )
        sleep 1
        echo "$TORC_JOB_NAME:$TORC_ATTEMPT_ID" >> "$d/ledger"
        """
            .formatted(dir));
    Path spec = dir.resolve("kills.yaml");
    Files.writeString(
        spec,
        """
        name: kills
        jobs:
          - name: job_{i}
            command: bash %s
            parameters:
              i: "1:%d"
        """
            .formatted(script, JOBS));
    CliRunner.Result created = cli.json("workflows", "create", spec.toString());
    assertThat(created.exitCode()).as(created.err()).isZero();
    return created.json().get("workflow_id").asLong();
  }

  @Test
  void runnersKilledAtRandomMomentsNeverLeaveTwoLiveCopiesOfAJobAndResumersAllSurvive()
      throws Exception {
    assertThat(new ProcessBuilder("bash", "-c", "command -v flock").start().waitFor())
        .as("flock (util-linux) on the PATH")
        .isZero();
    long seed = System.nanoTime();
    Random random = new Random(seed);
    String why = "seed " + seed;
    long workflowId = createWorkflow();

    for (int round = 0; round < ROUNDS && !finished(workflowId); round++) {
      Process first = start(workflowId, "r" + round + "a");
      Process second = start(workflowId, "r" + round + "b");
      Await.until(
          "round " + round + "'s runners to register", BOUND, () -> registered(workflowId, first));
      Thread.sleep(random.nextInt(1_500));
      kill(first);
      Thread.sleep(random.nextInt(1_000));
      kill(second);
    }
    List<Process> resumers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      resumers.add(start(workflowId, "resumer" + i));
    }
    for (int i = 0; i < resumers.size(); i++) {
      Process resumer = resumers.get(i);
      assertThat(resumer.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).as(why).isTrue();
      assertThat(resumer.exitValue())
          .as(why + ": " + Files.readString(dir.resolve("resumer" + i + ".err")))
          .isZero();
    }

    assertThat(lines("doubles")).as(why + ": two live copies of a job").isEmpty();
    assertThat(lines("starts")).as(why + ": an attempt started twice").doesNotHaveDuplicates();
    assertThat(lines("ledger"))
        .as(why + ": an attempt ran to its end twice")
        .doesNotHaveDuplicates();
    assertThat(store.countJobsByStatus(workflowId))
        .as(why)
        .containsExactly(Map.entry(JobStatus.COMPLETED, JOBS));
    List<String> ledger = lines("ledger");
    store
        .listJobs(workflowId, null)
        .forEach(
            job ->
                assertThat(ledger)
                    .as(why + ": the completed attempt of " + job.name())
                    .contains(job.name() + ":" + job.attemptId()));
    assertThat(ProcMarks.find(this::startedHere).keySet())
        .as(why + ": processes the runners' attempts left")
        .isEmpty();
  }

  private Process start(long workflowId, String name) throws IOException {
    Process runner = cli.startRunner(workflowId, dir, name, PAUSE_AFTER_SPAWN);
    runners.add(runner);
    runnerPids.add(runner.pid());
    return runner;
  }

  private static void kill(Process runner) throws InterruptedException {
    runner.destroyForcibly();
    assertThat(runner.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
  }

  private boolean registered(long workflowId, Process runner) {
    return !runner.isAlive()
        || store.listActiveRunners(workflowId).stream()
            .map(RunnerRecord::process)
            .anyMatch(p -> p.pid() == runner.pid());
  }

  private boolean finished(long workflowId) {
    return store.countJobsByStatus(workflowId).getOrDefault(JobStatus.COMPLETED, 0) == JOBS;
  }

  private List<String> lines(String name) throws IOException {
    Path file = dir.resolve(name);
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }
}
