package dev.torc.exec;

import dev.torc.exec.internal.ProcStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Starts real jobs for a test and kills what is left of them afterwards. */
final class JobFixture implements AutoCloseable {
  static final Duration BOUND = Duration.ofSeconds(10);

  /** A tree (bash, cat, tail) whose tail holds about {@code mib} MiB until it is killed. */
  static String holdMemory(int mib) {
    return "cat /dev/zero | tail -c " + mib + "m > /dev/null";
  }

  private final LocalProcessLauncher launcher = LocalProcessLauncher.create();
  private final List<JobProcess> started = new ArrayList<>();
  private final Path dir;

  JobFixture(Path dir) {
    this.dir = dir;
  }

  JobProcess start(String command) {
    JobProcess job = launcher.start(LaunchRequest.builder(command).workingDirectory(dir).build());
    started.add(job);
    return job;
  }

  /** Starts a job whose processes carry a mark of their own, {@link JobProcess#mark()} tells. */
  JobProcess startMarked(String command) {
    String mark = "test/" + UUID.randomUUID();
    JobProcess job =
        launcher.start(LaunchRequest.builder(command).workingDirectory(dir).mark(mark).build());
    started.add(job);
    return job;
  }

  static long awaitPidIn(Path file) {
    Await.until("a pid in " + file, BOUND, () -> readOrEmpty(file).endsWith("\n"));
    return Long.parseLong(readOrEmpty(file).trim());
  }

  static void awaitGone(long pid) {
    Await.until("process " + pid + " to be gone", BOUND, () -> !ProcStat.isRunning(pid));
  }

  static String readOrEmpty(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    for (JobProcess job : started) {
      job.kill();
    }
    // Whatever escaped the jobs, should containment fail in a test.
    List<String> marks = started.stream().map(JobProcess::mark).filter(m -> m != null).toList();
    if (!marks.isEmpty()) {
      JobContainment.detect().killAll(marks::contains);
    }
  }
}
