package dev.torc.run.internal;

import dev.torc.store.JobRecord;
import dev.torc.store.RunnerInfo;
import dev.torc.store.RunnerRecord;
import java.time.Duration;
import java.time.Instant;

/**
 * The mark every process of an attempt carries in its environment ({@code TORC_ATTEMPT_KEY}): the
 * attempt, and the runner that started it with that runner's process, so that the processes of a
 * dead runner are told apart from those of any other runner on the host, of any store.
 *
 * @param workflowId the workflow
 * @param jobId the job
 * @param runId the run
 * @param attemptId the attempt
 * @param runnerId the runner that started it
 * @param runnerPid that runner's process
 * @param runnerStartMillis when that process started (epoch milliseconds), 0 when unknown
 * @param launcher a random number of the launcher that started it, which tells apart runners of
 *     different stores in one process whose other fields are the same
 */
public record AttemptMark(
    long workflowId,
    long jobId,
    int runId,
    int attemptId,
    long runnerId,
    long runnerPid,
    long runnerStartMillis,
    long launcher) {

  /** How far apart two readings of one process's start time may be. */
  private static final Duration SAME_START = Duration.ofSeconds(2);

  /** The mark of the job's current attempt in run {@code runId}, started by this runner. */
  public static AttemptMark of(
      JobRecord job, int runId, long runnerId, RunnerInfo runner, long launcher) {
    Instant start = runner.processStart();
    return new AttemptMark(
        job.workflowId(),
        job.id(),
        runId,
        job.attemptId(),
        runnerId,
        runner.pid(),
        start == null ? 0 : start.toEpochMilli(),
        launcher);
  }

  /** The mark as text: its fields in order, separated by {@code /}. */
  public String text() {
    return workflowId
        + "/"
        + jobId
        + "/"
        + runId
        + "/"
        + attemptId
        + "/"
        + runnerId
        + "/"
        + runnerPid
        + "/"
        + runnerStartMillis
        + "/"
        + launcher;
  }

  /** The mark written as {@link #text()}, or {@code null} when the text is not one. */
  public static AttemptMark parse(String text) {
    String[] f = text.split("/", -1);
    if (f.length != 8) {
      return null;
    }
    try {
      return new AttemptMark(
          Long.parseLong(f[0]),
          Long.parseLong(f[1]),
          Integer.parseInt(f[2]),
          Integer.parseInt(f[3]),
          Long.parseLong(f[4]),
          Long.parseLong(f[5]),
          Long.parseLong(f[6]),
          Long.parseLong(f[7]));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Whether the attempt was started by this runner: its id, its workflow and its process. */
  public boolean startedBy(RunnerRecord runner) {
    if (runner.id() != runnerId
        || runner.workflowId() != workflowId
        || runner.process().pid() != runnerPid) {
      return false;
    }
    Instant start = runner.process().processStart();
    return start == null
        || runnerStartMillis == 0
        || Duration.between(start, Instant.ofEpochMilli(runnerStartMillis))
                .abs()
                .compareTo(SAME_START)
            < 0;
  }
}
