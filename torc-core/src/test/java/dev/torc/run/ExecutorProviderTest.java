package dev.torc.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.exec.MachineResources;
import dev.torc.executor.AttemptSpec;
import dev.torc.model.JobSpec;
import dev.torc.model.Workflow;
import dev.torc.store.AttemptRef;
import dev.torc.store.JobRecord;
import dev.torc.store.ResourceBudget;
import dev.torc.store.RunnerInfo;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The runner runs its attempts on the executor its options name, found by id. */
class ExecutorProviderTest {
  private static final long GIB = 1L << 30;

  @TempDir Path dir;
  LocalRuns torc;

  @BeforeEach
  void open() {
    torc = LocalRuns.open(dir.resolve("torc.db"));
    RecordingExecutorProvider.reset();
  }

  @AfterEach
  void close() {
    torc.close();
  }

  private RunOptions.Builder options() {
    return RunOptions.builder()
        .outputDir(dir.resolve("out"))
        .resources(new MachineResources(2, 8 * GIB, 0))
        .pollInterval(Duration.ofMillis(50));
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES) // a runner that never polls would wait forever
  void aSecondProviderFoundByIdRunsTheAttemptsIsPolledForTheirEndsAndStopsOrphans()
      throws Exception {
    long workflowId =
        torc.submit(
            Workflow.builder("elsewhere")
                .job(JobSpec.builder("orphan").command("true").build())
                .job(JobSpec.builder("a").command("sleep 0.2").build())
                .job(JobSpec.builder("b").command("echo b").dependsOn("a").build())
                .build());
    // A runner of this executor died while it ran the first attempt of "orphan".
    String host = InetAddress.getLocalHost().getHostName();
    long dead = torc.store().registerRunner(workflowId, deadProcess(host));
    JobRecord orphan =
        torc.store().claimReadyJobs(workflowId, new ResourceBudget(1, GIB, 0), 1, dead).get(0);
    AttemptRef lost = new AttemptRef(RecordingExecutorProvider.ID, host, "job-17", null);
    torc.store().markJobRunning(orphan.id(), dead, lost);

    RunResult result = torc.run(workflowId, options().executor("recording").build());

    assertThat(result.outcome()).isEqualTo(RunResult.Outcome.COMPLETED);
    assertThat(RecordingExecutorProvider.STOPPED).containsExactly(lost);
    assertThat(RecordingExecutorProvider.SUBMITTED)
        .extracting(spec -> spec.job().name() + "#" + spec.job().attemptId())
        .containsExactlyInAnyOrder("orphan#2", "a#1", "b#1");
    assertThat(RecordingExecutorProvider.SUBMITTED)
        .extracting(AttemptSpec::environment)
        .allSatisfy(env -> assertThat(env).containsKeys("TORC_JOB_ID", "TORC_ATTEMPT_ID"));
    // Its attempts end only when a poll finds them ended: every end came through a poll.
    assertThat(RecordingExecutorProvider.POLLED).anySatisfy(live -> assertThat(live).isPositive());
    assertThat(torc.store().listEvents(workflowId))
        .filteredOn(e -> e.message().contains("pending -> running"))
        .hasSize(4)
        .allSatisfy(e -> assertThat(e.message()).contains("recording"));
    assertThat(torc.store().listEvents(workflowId))
        .anySatisfy(
            e ->
                assertThat(e.message())
                    .contains("attempt 1 lost")
                    .contains("its orphaned processes were killed"));
  }

  @Test
  void anExecutorNoProviderHasIsOneClearError() {
    long workflowId =
        torc.submit(
            Workflow.builder("nowhere").job(JobSpec.builder("a").command("true").build()).build());

    assertThatThrownBy(() -> torc.run(workflowId, options().executor("nope").build()))
        .isInstanceOf(RunException.class)
        .hasMessageContaining("no executor 'nope'")
        .hasMessageContaining("local")
        .hasMessageContaining("recording");
    assertThat(torc.store().listActiveRunners(workflowId)).isEmpty();
  }

  /** A runner process of this host that has exited. */
  private static RunnerInfo deadProcess(String host) throws Exception {
    Process process = new ProcessBuilder("true").start();
    Instant start = process.toHandle().info().startInstant().orElse(null);
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return new RunnerInfo(host, process.pid(), start);
  }
}
