package dev.torc.run.internal;

import dev.torc.diagnosis.JobLogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Appends the runner's notes about an attempt ({@code torc: ...}) to the attempt's stderr log. */
public final class StderrNotes {
  private static final Logger LOG = LoggerFactory.getLogger(StderrNotes.class);

  private StderrNotes() {}

  /** Appends one line to the stderr log of the job's attempt. */
  public static void append(
      Path outputDir, long workflowId, long jobId, int runId, int attemptId, String note) {
    Path stderr = JobLogs.stderrPath(outputDir, workflowId, jobId, runId, attemptId);
    try {
      Files.createDirectories(stderr.getParent());
      Files.writeString(
          stderr,
          "torc: " + note + System.lineSeparator(),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      LOG.warn("cannot append to {}: {}", stderr, e.getMessage());
    }
  }
}
