package dev.torc.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.model.Memory;
import dev.torc.model.ResourceMonitorConfig;
import dev.torc.model.ResourceMonitorConfig.Granularity;
import dev.torc.model.ResourceRequirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobSupervisorTest {
  private static final long MIB = 1 << 20;
  private static final JobSupervisor.Settings FAST =
      JobSupervisor.Settings.DEFAULT
          .withTerminationGrace(Duration.ofMillis(300))
          .withMonitor(new ResourceMonitorConfig(true, Granularity.SUMMARY, 0.05));
  private static final Duration SHORT_RUNTIME = Duration.ofMillis(300);

  @TempDir Path dir;
  private JobFixture jobs;
  private JobSupervisor supervisor;

  @BeforeEach
  void setUp() {
    jobs = new JobFixture(dir);
  }

  @AfterEach
  void tearDown() {
    jobs.close();
    if (supervisor != null) {
      supervisor.close();
    }
  }

  private ProcessOutcome run(String command, JobLimits limits) throws Exception {
    return supervise(command, limits).outcome().get(10, TimeUnit.SECONDS);
  }

  private SupervisedJob supervise(String command, JobLimits limits) {
    if (supervisor == null) {
      supervisor = JobSupervisor.start(FAST);
    }
    return supervisor.supervise("job", jobs.start(command), limits);
  }

  @Test
  void aJobThatExitsReportsItsOwnCode() throws Exception {
    ProcessOutcome outcome = run("exit 3", JobLimits.NONE);

    assertThat(outcome.cause()).isEqualTo(ProcessOutcome.Cause.EXITED);
    assertThat(outcome.exitCode()).isEqualTo(3);
    assertThat(outcome.returnCode()).isEqualTo(3);
    assertThat(outcome.signal()).isNull();
    assertThat(outcome.hitLimit()).isFalse();
  }

  @Test
  void atItsRuntimeLimitAJobThatSupportsTerminationGetsSigtermFirst() throws Exception {
    Path marker = dir.resolve("terminated");
    String command = "trap 'echo graceful > " + marker + "; exit 0' TERM; sleep 300 & wait";

    ProcessOutcome outcome = run(command, new JobLimits(SHORT_RUNTIME, null, true));

    assertThat(outcome.cause()).isEqualTo(ProcessOutcome.Cause.TIMEOUT);
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.returnCode()).isEqualTo(152);
    assertThat(Files.readString(marker)).isEqualTo("graceful\n");
  }

  @Test
  void atItsRuntimeLimitAJobThatDoesNotSupportTerminationIsKilledAtOnce() throws Exception {
    Path marker = dir.resolve("terminated");
    String command = "trap 'echo graceful > " + marker + "; exit 0' TERM; sleep 300 & wait";

    ProcessOutcome outcome = run(command, new JobLimits(SHORT_RUNTIME, null, false));

    assertThat(outcome.cause()).isEqualTo(ProcessOutcome.Cause.TIMEOUT);
    assertThat(outcome.exitCode()).isEqualTo(137);
    assertThat(outcome.signal()).isEqualTo(Signal.KILL);
    assertThat(outcome.returnCode()).isEqualTo(152);
    assertThat(marker).doesNotExist();
  }

  @Test
  void aJobThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
    ProcessOutcome outcome =
        run("trap '' TERM; sleep 300", new JobLimits(SHORT_RUNTIME, null, true));

    assertThat(outcome.cause()).isEqualTo(ProcessOutcome.Cause.TIMEOUT);
    assertThat(outcome.exitCode()).isEqualTo(137);
    assertThat(outcome.returnCode()).isEqualTo(152);
  }

  @Test
  void aJobAboveItsMemoryLimitIsKilled() throws Exception {
    ProcessOutcome outcome = run(JobFixture.holdMemory(200), new JobLimits(null, 50 * MIB, false));

    assertThat(outcome.cause()).isEqualTo(ProcessOutcome.Cause.OOM_KILLED);
    assertThat(outcome.exitCode()).isEqualTo(137);
    assertThat(outcome.returnCode()).isEqualTo(137);
    assertThat(outcome.usage().peakMemoryBytes()).isGreaterThan(50 * MIB);
  }

  @Test
  void aJobAboveItsMemoryLimitIsKilledLongBeforeTheNextSample() throws Exception {
    supervisor =
        JobSupervisor.start(
            FAST.withMonitor(new ResourceMonitorConfig(true, Granularity.SUMMARY, 600)));

    ProcessOutcome outcome = run(JobFixture.holdMemory(200), new JobLimits(null, 50 * MIB, false));

    assertThat(outcome.cause()).isEqualTo(ProcessOutcome.Cause.OOM_KILLED);
    assertThat(outcome.returnCode()).isEqualTo(137);
    assertThat(outcome.usage().peakMemoryBytes()).isGreaterThan(50 * MIB);
    assertThat(outcome.usage().samples()).isEqualTo(1);
  }

  @Test
  void limitsComeFromResourceRequirements() {
    ResourceRequirements requirements =
        ResourceRequirements.builder("small").memory(Memory.parse("50m")).runtime("PT2M").build();

    JobLimits limits = JobLimits.of(requirements, true);

    assertThat(limits).isEqualTo(new JobLimits(Duration.ofMinutes(2), 50 * MIB, true));
    assertThat(limits.withoutMemory().memoryBytes()).isNull();
    assertThat(limits.withoutRuntime().runtime()).isNull();
  }

  @Test
  void oneSwitchTurnsBothLimitsOff() throws Exception {
    supervisor = JobSupervisor.start(FAST.withEnforceLimits(false));
    Path stop = dir.resolve("stop");
    SupervisedJob job =
        supervise(
            JobFixture.holdMemory(40) + " & while [ ! -e " + stop + " ]; do sleep 0.02; done",
            new JobLimits(SHORT_RUNTIME, 10 * MIB, false));
    assertThat(job.limits()).isEqualTo(JobLimits.NONE);
    Await.until(
        "the job to outlive its runtime limit and hold more memory than its limit",
        JobFixture.BOUND,
        () ->
            job.process().wallTime().compareTo(SHORT_RUNTIME.multipliedBy(2)) > 0
                && job.currentUsage().map(u -> u.peakMemoryBytes() > 20 * MIB).orElse(false));

    Files.createFile(stop);
    ProcessOutcome outcome = job.outcome().get(10, TimeUnit.SECONDS);

    assertThat(outcome.cause()).isEqualTo(ProcessOutcome.Cause.EXITED);
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.usage().peakMemoryBytes()).isGreaterThan(20 * MIB);
  }

  @Test
  void aCancelledJobIsReportedAsSignalled() throws Exception {
    SupervisedJob job = supervise("sleep 300", JobLimits.NONE);

    job.process().terminate();
    ProcessOutcome outcome = job.outcome().get(10, TimeUnit.SECONDS);

    assertThat(outcome.cause()).isEqualTo(ProcessOutcome.Cause.SIGNALED);
    assertThat(outcome.signal()).isEqualTo(Signal.TERM);
    assertThat(outcome.returnCode()).isEqualTo(143);
  }

  @Test
  void whatAJobLeavesBehindInItsGroupIsKilled() throws Exception {
    Path pidFile = dir.resolve("leftover.pid");
    SupervisedJob job = supervise("sleep 300 & echo $! > " + pidFile, JobLimits.NONE);

    ProcessOutcome outcome = job.outcome().get(10, TimeUnit.SECONDS);

    assertThat(outcome.exitCode()).isZero();
    JobFixture.awaitGone(JobFixture.awaitPidIn(pidFile));
  }

  @Test
  void usageIsReportedForAJobThatRanSeveralIntervals() throws Exception {
    SupervisedJob job = supervise("sleep 300", JobLimits.NONE);
    Await.until(
        "two samples",
        JobFixture.BOUND,
        () -> job.currentUsage().map(u -> u.samples() >= 2).orElse(false));

    job.process().kill();
    ProcessOutcome outcome = job.outcome().get(10, TimeUnit.SECONDS);

    assertThat(outcome.usage()).isNotNull();
    assertThat(outcome.usage().samples()).isGreaterThanOrEqualTo(2);
    assertThat(outcome.wallTime()).isPositive();
  }

  @Test
  void aJobShorterThanOneIntervalHasNoUsage() throws Exception {
    supervisor = JobSupervisor.start(JobSupervisor.Settings.DEFAULT);

    ProcessOutcome outcome = run("true", JobLimits.NONE);

    assertThat(outcome.usage()).isNull();
    assertThat(outcome.cause()).isEqualTo(ProcessOutcome.Cause.EXITED);
  }
}
