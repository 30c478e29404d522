package dev.torc.run.internal;

import dev.torc.diagnosis.JobLogs;
import dev.torc.store.JobResult;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;

/**
 * Where the output of a recovery script goes: files of its own next to the failed attempt's logs,
 * {@code <outputDir>/job_stdio/recovery_wf{W}_j{J}_r{R}_a{A}.o} and {@code .e}, where {@code A} is
 * the failed attempt.
 */
public final class RecoveryScripts {
  private RecoveryScripts() {}

  public static Path stdoutPath(Path outputDir, JobResult failed) {
    return path(outputDir, failed, "o");
  }

  public static Path stderrPath(Path outputDir, JobResult failed) {
    return path(outputDir, failed, "e");
  }

  private static Path path(Path outputDir, JobResult failed, String extension) {
    return outputDir
        .resolve(JobLogs.STDIO_DIR)
        .resolve(
            "recovery_wf"
                + failed.workflowId()
                + "_j"
                + failed.jobId()
                + "_r"
                + failed.runId()
                + "_a"
                + failed.attemptId()
                + "."
                + extension);
  }

  /** Daemon threads with this name. */
  public static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
