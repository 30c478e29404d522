package dev.torc.sdk;

import dev.torc.diagnosis.JobLogs;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Which log {@link Torc#logs} reads.
 *
 * @param jobId the job
 * @param workflowId the workflow the job must belong to, or {@code null} not to check
 * @param runId the run (default: the workflow's current run)
 * @param attemptId the attempt (default: the latest in the run, or the latest that left a log)
 * @param stream standard output or standard error
 * @param tailLines only the last lines, at most {@link Torc#MAX_TAIL_LINES}; {@code null} for the
 *     whole log (capped at {@link Torc#DEFAULT_MAX_LOG_BYTES} by default, keeping its end)
 * @param outputDir the runner's output directory, or {@code null} for the {@link Torc#outputDir()
 *     torc's}; logs outside it are never read
 */
public record LogRequest(
    long jobId,
    Long workflowId,
    Integer runId,
    Integer attemptId,
    JobLogs.Stream stream,
    Integer tailLines,
    Path outputDir) {

  /**
   * Checks that the stream is given and the numbers are at least 1.
   *
   * @param jobId the job
   * @param workflowId the workflow the job must belong to, or {@code null} not to check
   * @param runId the run (default: the workflow's current run)
   * @param attemptId the attempt (default: the latest in the run, or the latest that left a log)
   * @param stream standard output or standard error
   * @param tailLines only the last lines, at most {@link Torc#MAX_TAIL_LINES}; {@code null} for the
   *     whole log (capped at {@link Torc#DEFAULT_MAX_LOG_BYTES} by default, keeping its end)
   * @param outputDir the runner's output directory, or {@code null} for the {@link Torc#outputDir()
   *     torc's}; logs outside it are never read
   */
  public LogRequest {
    Objects.requireNonNull(stream, "stream");
    atLeastOne("run id", runId);
    atLeastOne("attempt", attemptId);
    atLeastOne("tail lines", tailLines);
  }

  private static void atLeastOne(String what, Integer value) {
    if (value != null && value < 1) {
      throw new InvalidRequestException(what + " must be at least 1, was " + value);
    }
  }

  /**
   * A request for the job's stdout, latest attempt, under the torc's output directory.
   *
   * @param jobId the job
   * @return a builder for the request
   */
  public static Builder job(long jobId) {
    return new Builder(jobId);
  }

  /** Builds a {@link LogRequest}. */
  public static final class Builder {
    private final long jobId;
    private Long workflowId;
    private Integer runId;
    private Integer attemptId;
    private JobLogs.Stream stream = JobLogs.Stream.STDOUT;
    private Integer tailLines;
    private Path outputDir;

    private Builder(long jobId) {
      this.jobId = jobId;
    }

    /**
     * The workflow the job must belong to (default: not checked).
     *
     * @param workflowId the workflow, or {@code null}
     * @return this builder
     */
    public Builder workflowId(Long workflowId) {
      this.workflowId = workflowId;
      return this;
    }

    /**
     * The run (default: the workflow's current run).
     *
     * @param runId the run, from 1, or {@code null}
     * @return this builder
     */
    public Builder runId(Integer runId) {
      this.runId = runId;
      return this;
    }

    /**
     * The attempt (default: the latest in the run, or the latest that left a log).
     *
     * @param attemptId the attempt, from 1, or {@code null}
     * @return this builder
     */
    public Builder attemptId(Integer attemptId) {
      this.attemptId = attemptId;
      return this;
    }

    /**
     * Which stream (default: standard output).
     *
     * @param stream standard output or standard error
     * @return this builder
     */
    public Builder stream(JobLogs.Stream stream) {
      this.stream = stream;
      return this;
    }

    /**
     * Only the last lines (default: the whole log, up to the byte cap).
     *
     * @param tailLines how many lines, 1 to {@link Torc#MAX_TAIL_LINES}, or {@code null}
     * @return this builder
     */
    public Builder tailLines(Integer tailLines) {
      this.tailLines = tailLines;
      return this;
    }

    /**
     * The runner's output directory (default: the torc's); logs outside it are never read.
     *
     * @param outputDir the directory, or {@code null}
     * @return this builder
     */
    public Builder outputDir(Path outputDir) {
      this.outputDir = outputDir;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public LogRequest build() {
      return new LogRequest(jobId, workflowId, runId, attemptId, stream, tailLines, outputDir);
    }
  }
}
