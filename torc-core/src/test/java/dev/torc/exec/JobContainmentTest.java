package dev.torc.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.exec.internal.ProcMarks;
import dev.torc.exec.internal.ProcStat;
import dev.torc.model.ResourceMonitorConfig;
import dev.torc.model.ResourceMonitorConfig.Granularity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real jobs whose processes leave the job's process group and tree (double forks, {@code setsid},
 * {@code nohup}) and are still held to the job's limits and stopped with it.
 */
class JobContainmentTest {
  private static final long MIB = 1 << 20;

  @TempDir Path dir;
  private JobFixture jobs;
  private JobSupervisor supervisor;

  @BeforeEach
  void setUp() {
    jobs = new JobFixture(dir);
    supervisor =
        JobSupervisor.start(
            JobSupervisor.Settings.DEFAULT
                .withTerminationGrace(Duration.ofMillis(300))
                .withMonitor(new ResourceMonitorConfig(true, Granularity.SUMMARY, 0.05)));
  }

  @AfterEach
  void tearDown() {
    jobs.close();
    supervisor.close();
  }

  /**
   * Starts {@code command} in a new session, twice forked away from the job: reparented, out of its
   * process group and tree; writes that process's pid to {@code pidFile}.
   */
  private static String escaped(String command, Path pidFile) {
    return "( setsid nohup bash -c 'echo $$ > "
        + pidFile
        + "; "
        + command
        + "' > /dev/null 2>&1 & )";
  }

  @Test
  void aDoubleForkedChildAboveTheJobsMemoryLimitGetsTheJobKilledForMemory() throws Exception {
    Path pidFile = dir.resolve("escaped.pid");
    JobProcess process =
        jobs.startMarked(escaped(JobFixture.holdMemory(200), pidFile) + "; sleep 300");
    SupervisedJob job = supervisor.supervise("job", process, new JobLimits(null, 50 * MIB, false));
    long escapedPid = JobFixture.awaitPidIn(pidFile);
    assertThat(ProcStat.read(escapedPid).session())
        .as("the child left the job's session")
        .isNotEqualTo(process.pid());

    ProcessOutcome outcome = job.outcome().get(10, TimeUnit.SECONDS);

    assertThat(outcome.cause()).isEqualTo(ProcessOutcome.Cause.OOM_KILLED);
    assertThat(outcome.usage().peakMemoryBytes()).isGreaterThan(50 * MIB);
    JobFixture.awaitGone(escapedPid);
    assertThat(ProcMarks.find(process.mark())).isEmpty();
  }

  @Test
  void aSetsidNohupDaemonDoesNotOutliveItsJob() throws Exception {
    Path pidFile = dir.resolve("daemon.pid");
    JobProcess process =
        jobs.startMarked(
            escaped("exec sleep 1000", pidFile)
                + "; until [ -s "
                + pidFile
                + " ]; do sleep 0.01; done");
    SupervisedJob job = supervisor.supervise("job", process, JobLimits.NONE);

    ProcessOutcome outcome = job.outcome().get(10, TimeUnit.SECONDS);

    assertThat(outcome.exitCode()).isZero();
    long daemon = JobFixture.awaitPidIn(pidFile);
    JobFixture.awaitGone(daemon);
    assertThat(ProcMarks.find(process.mark())).isEmpty();
  }

  @Test
  void killingAJobKillsItsEscapedProcessesAndWhatTheyForkMeanwhile() throws Exception {
    Path pidFile = dir.resolve("forker.pid");
    JobProcess process =
        jobs.startMarked(
            escaped("while true; do sleep 1000 & sleep 0.01; done", pidFile) + "; sleep 300");
    long forker = JobFixture.awaitPidIn(pidFile);
    Await.until(
        "the escaped process to fork",
        JobFixture.BOUND,
        () -> ProcMarks.find(process.mark()).size() > 4);

    process.kill();

    assertThat(process.waitFor(JobFixture.BOUND)).isTrue();
    JobFixture.awaitGone(forker);
    assertThat(ProcMarks.find(process.mark())).isEmpty();
  }

  @Test
  void aMarkIsReadFromTheEnvironmentOfEveryProcessOfTheJob() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    JobProcess process = jobs.startMarked(escaped("exec sleep 1000", pidFile) + "; sleep 300");
    long child = JobFixture.awaitPidIn(pidFile);

    // Both may be executing their next program (`sleep`) just now, and a process in the middle of
    // an exec shows an empty environment for that moment.
    Await.until(
        "the job's mark in its own environment",
        JobFixture.BOUND,
        () -> process.mark().equals(ProcMarks.markOf(process.pid())));
    Await.until(
        "the job's mark in its escaped child's environment",
        JobFixture.BOUND,
        () -> process.mark().equals(ProcMarks.markOf(child)));
    assertThat(ProcMarks.markOf(ProcessHandle.current().pid())).isNull();
    assertThat(ProcMarks.find(process.mark())).contains(process.pid(), child);
  }

  @Test
  void aShortJobThatLeftADaemonMayHaveMembersAndOneThatLeftNothingHasNone() throws Exception {
    JobContainment containment = JobContainment.detect();
    Path pidFile = dir.resolve("daemon.pid");
    JobProcess leaver =
        jobs.startMarked(
            escaped("exec sleep 1000", pidFile)
                + "; until [ -s "
                + pidFile
                + " ]; do sleep 0.01; done");
    JobProcess clean = jobs.startMarked("true");
    assertThat(leaver.waitFor(JobFixture.BOUND)).isTrue();
    assertThat(clean.waitFor(JobFixture.BOUND)).isTrue();

    // A lifetime of zero: both count as short jobs, whose window of pids is looked at first.
    assertThat(containment.mayHaveMembers(leaver.mark(), leaver.pid(), Duration.ZERO)).isTrue();
    assertThat(containment.mayHaveMembers(leaver.mark(), leaver.pid(), Duration.ofHours(1)))
        .isTrue();
    // A process of the machine caught exiting in the window makes the answer a cautious yes.
    Await.until(
        "no process of the clean job",
        JobFixture.BOUND,
        () -> !containment.mayHaveMembers(clean.mark(), clean.pid(), Duration.ZERO));
    containment.killAll(leaver.mark()::equals);
    Await.until(
        "no process of the leaver",
        JobFixture.BOUND,
        () -> !containment.mayHaveMembers(leaver.mark(), leaver.pid(), Duration.ZERO));
    assertThat(ProcMarks.find(leaver.mark())).isEmpty();
  }
}
