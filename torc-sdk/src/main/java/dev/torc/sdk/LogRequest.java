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

  /** A request for the job's stdout, latest attempt, under the torc's output directory. */
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

    public Builder workflowId(Long workflowId) {
      this.workflowId = workflowId;
      return this;
    }

    public Builder runId(Integer runId) {
      this.runId = runId;
      return this;
    }

    public Builder attemptId(Integer attemptId) {
      this.attemptId = attemptId;
      return this;
    }

    public Builder stream(JobLogs.Stream stream) {
      this.stream = stream;
      return this;
    }

    public Builder tailLines(Integer tailLines) {
      this.tailLines = tailLines;
      return this;
    }

    public Builder outputDir(Path outputDir) {
      this.outputDir = outputDir;
      return this;
    }

    public LogRequest build() {
      return new LogRequest(jobId, workflowId, runId, attemptId, stream, tailLines, outputDir);
    }
  }
}
