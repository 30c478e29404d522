package dev.torc.sdk.internal;

import dev.torc.TorcException;
import dev.torc.diagnosis.JobLogs;
import dev.torc.diagnosis.Results;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.WorkflowRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which attempt's log to show: the one asked for, else the job's latest attempt in the run (the
 * workflow's current run by default), or, when that one has left no log yet (it waits to run), the
 * latest attempt that recorded a result.
 *
 * @param runId the run of the attempt
 * @param attemptId the attempt
 * @param path its log file
 */
public record LogChoice(int runId, int attemptId, Path path) {

  /**
   * The log to show.
   *
   * @param results the job's results
   * @param runId the run asked for, or {@code null}
   * @param attemptId the attempt asked for, or {@code null}
   * @throws TorcException when that log does not exist
   */
  public static LogChoice of(
      JobRecord job,
      WorkflowRecord workflow,
      List<JobResult> results,
      Integer runId,
      Integer attemptId,
      JobLogs.Stream stream,
      Path outputDir) {
    int run = runId != null ? runId : workflow.runId();
    int latestInRun =
        results.stream()
            .filter(r -> r.runId() == run)
            .mapToInt(JobResult::attemptId)
            .max()
            .orElse(1);
    int attempt;
    if (attemptId != null) {
      attempt = attemptId;
    } else if (run == workflow.runId()) {
      attempt = Math.max(job.attemptId(), latestInRun);
    } else {
      attempt = latestInRun;
    }
    Path path = JobLogs.path(outputDir, job.workflowId(), job.id(), run, attempt, stream);
    if (!Files.exists(path) && attemptId == null && runId == null) {
      Optional<JobResult> latest = Results.latestOf(results, job.id());
      if (latest.isPresent()) {
        JobResult r = latest.get();
        Path previous =
            JobLogs.path(outputDir, job.workflowId(), job.id(), r.runId(), r.attemptId(), stream);
        if (Files.exists(previous)) {
          return new LogChoice(r.runId(), r.attemptId(), previous);
        }
      }
    }
    if (!Files.isRegularFile(path)) {
      throw new TorcException(
          "no "
              + stream.name().toLowerCase(Locale.ROOT)
              + " log for job "
              + job.id()
              + " ("
              + job.name()
              + ", "
              + job.status().label()
              + "), run "
              + run
              + ", attempt "
              + attempt
              + ": "
              + path
              + " does not exist"
              + (Files.isDirectory(outputDir)
                  ? ""
                  : "; is "
                      + outputDir
                      + " the job runner's output directory? Use --output-dir to name it"));
    }
    return new LogChoice(run, attempt, path);
  }
}
