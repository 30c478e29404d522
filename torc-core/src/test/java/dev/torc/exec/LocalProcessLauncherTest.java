package dev.torc.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.exec.internal.ProcStat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalProcessLauncherTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  private final LocalProcessLauncher launcher = launcher();
  private final List<JobProcess> started = new ArrayList<>();

  @TempDir Path dir;

  /** The launcher under test: posix_spawn where glibc has it. */
  LocalProcessLauncher launcher() {
    return LocalProcessLauncher.create();
  }

  @AfterEach
  void killLeftovers() {
    started.stream().filter(JobProcess::isAlive).forEach(JobProcess::kill);
  }

  private JobProcess start(String command) {
    return start(LaunchRequest.builder(command).workingDirectory(dir));
  }

  private JobProcess start(LaunchRequest.Builder request) {
    JobProcess job = launcher.start(request.build());
    started.add(job);
    return job;
  }

  private static int finish(JobProcess job) throws InterruptedException {
    assertThat(job.waitFor(BOUND)).as("job exited within %s", BOUND).isTrue();
    return job.exitCode();
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private long awaitPidIn(Path file) {
    Await.until(
        file + " holds a pid",
        BOUND,
        () -> {
          try {
            return Files.exists(file) && read(file).endsWith("\n");
          } catch (IOException e) {
            return false;
          }
        });
    try {
      return Long.parseLong(read(file).trim());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void awaitGone(long pid) {
    Await.until("process " + pid + " to be gone", BOUND, () -> !ProcStat.isRunning(pid));
  }

  @Test
  void reportsTheExitCodeOfTheCommand() throws Exception {
    assertThat(finish(start("true"))).isZero();
    assertThat(finish(start("echo partial; exit 3"))).isEqualTo(3);
  }

  @Test
  void writesOutputToTheLogFilesCreatingTheirDirectories() throws Exception {
    Path out = dir.resolve("job_stdio/job_wf1_j2_r1_a1.o");
    Path err = dir.resolve("job_stdio/job_wf1_j2_r1_a1.e");
    JobProcess job =
        start(
            LaunchRequest.builder("echo to-out; echo to-err >&2").stdoutFile(out).stderrFile(err));

    assertThat(finish(job)).isZero();
    assertThat(read(out)).isEqualTo("to-out\n");
    assertThat(read(err)).isEqualTo("to-err\n");
  }

  @Test
  void mergesBothStreamsWhenTheyShareAFile() throws Exception {
    Path log = dir.resolve("both.log");
    JobProcess job =
        start(LaunchRequest.builder("echo one; echo two >&2").stdoutFile(log).stderrFile(log));

    assertThat(finish(job)).isZero();
    assertThat(read(log)).isEqualTo("one\ntwo\n");
  }

  @Test
  void passesEnvironmentVariablesAndWorkingDirectory() throws Exception {
    Path out = dir.resolve("env.o");
    JobProcess job =
        start(
            LaunchRequest.builder("echo \"$TORC_WORKFLOW_ID/$TORC_JOB_ID/$TORC_JOB_NAME\"; pwd")
                .env("TORC_WORKFLOW_ID", "7")
                .env("TORC_JOB_ID", "42")
                .env("TORC_JOB_NAME", "job with spaces")
                .workingDirectory(dir)
                .stdoutFile(out));

    assertThat(finish(job)).isZero();
    assertThat(read(out)).isEqualTo("7/42/job with spaces\n" + dir.toRealPath() + "\n");
  }

  @Test
  void appliesTheInvocationScriptBeforeTheCommand() throws Exception {
    Path wrapper = dir.resolve("wrapper.sh");
    Files.writeString(wrapper, "echo \"wrapped: $*\"\nexec \"$@\"\n");
    Path out = dir.resolve("wrapped.o");
    LaunchRequest.Builder request =
        LaunchRequest.builder("echo hello")
            .invocationScript("bash " + wrapper)
            .workingDirectory(dir)
            .stdoutFile(out);
    assertThat(request.build().shellLine()).isEqualTo("bash " + wrapper + " echo hello");

    assertThat(finish(start(request))).isZero();
    assertThat(read(out)).isEqualTo("wrapped: echo hello\nhello\n");
  }

  @Test
  void theJobLeadsItsOwnSessionAndProcessGroup() throws Exception {
    JobProcess job = start("sleep 300");

    Await.until(
        "the job to call setsid", BOUND, () -> ProcStat.read(job.pid()).session() == job.pid());
    ProcStat stat = ProcStat.read(job.pid());
    assertThat(stat.pgrp()).isEqualTo(job.pid());
    assertThat(stat.session()).isEqualTo(job.pid());
    Process ps =
        new ProcessBuilder("ps", "-o", "pid=,pgid=,sid=", "-p", Long.toString(job.pid()))
            .redirectErrorStream(true)
            .start();
    String line = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(ps.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(line.split("\\s+")).containsOnly(Long.toString(job.pid()));
  }

  @Test
  void anExternalSigkillIsReportedAs137() throws Exception {
    JobProcess job = start("sleep 300");
    awaitSession(job);

    externalKill("-KILL", job.pid());

    assertThat(finish(job)).isEqualTo(137);
  }

  @Test
  void anExternalSigtermIsReportedAs143() throws Exception {
    JobProcess job = start("sleep 300");
    awaitSession(job);

    externalKill("-TERM", job.pid());

    assertThat(finish(job)).isEqualTo(143);
  }

  @Test
  void aJobThatKillsItselfIsReportedAs137() throws Exception {
    assertThat(finish(start("echo going; kill -9 $$; echo never"))).isEqualTo(137);
  }

  @Test
  void terminateStopsTheWholeTreeIncludingGrandchildren() throws Exception {
    Path pidFile = dir.resolve("grandchild.pid");
    JobProcess job = start("sleep 300 & echo $! > " + pidFile + "; wait");
    long grandchild = awaitPidIn(pidFile);
    assertThat(ProcStat.isRunning(grandchild)).isTrue();

    job.terminate();

    assertThat(finish(job)).isEqualTo(143);
    awaitGone(grandchild);
  }

  @Test
  void killStopsTheWholeTreeIncludingGrandchildren() throws Exception {
    Path pidFile = dir.resolve("grandchild.pid");
    JobProcess job = start("bash -c 'sleep 300 & echo $! > " + pidFile + "; wait'; wait");
    long grandchild = awaitPidIn(pidFile);

    job.kill();

    assertThat(finish(job)).isEqualTo(137);
    awaitGone(grandchild);
  }

  @Test
  void killAlsoReachesDescendantsThatLeftTheGroup() throws Exception {
    Path pidFile = dir.resolve("escaped.pid");
    JobProcess job = start("setsid sleep 300 & echo $! > " + pidFile + "; wait");
    long escaped = awaitPidIn(pidFile);
    Await.until(
        "the descendant to leave the group",
        BOUND,
        () -> {
          ProcStat stat = ProcStat.read(escaped);
          return stat != null && stat.pgrp() == escaped;
        });

    job.kill();

    assertThat(finish(job)).isEqualTo(137);
    awaitGone(escaped);
  }

  @Test
  void signalsSentBeforeTheJobHasItsOwnGroupStillReachIt() throws Exception {
    JobProcess job = start("sleep 300");
    job.kill();
    assertThat(finish(job)).isEqualTo(137);
  }

  @Test
  void wallTimeStopsAtExit() throws Exception {
    JobProcess job = start("true");
    finish(job);
    job.onExit().get(10, TimeUnit.SECONDS);
    assertThat(job.wallTime()).isEqualTo(job.wallTime()).isPositive();
  }

  private static void awaitSession(JobProcess job) {
    Await.until(
        "the job to lead its own session",
        BOUND,
        () -> {
          ProcStat stat = ProcStat.read(job.pid());
          return stat != null && stat.session() == job.pid();
        });
  }

  private static void externalKill(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }

  @Test
  void glibcOfThisKindSpawnsDirectly() {
    // Debian 12 ships glibc 2.36; posix_spawn with POSIX_SPAWN_SETSID needs 2.34.
    assertThat(dev.torc.exec.internal.PosixSpawn.isAvailable()).isTrue();
  }
}
