package dev.torc.run;

import java.nio.file.Path;

/** Where a job attempt's logs are: {@code <output>/job_stdio/job_wf{W}_j{J}_r{R}_a{A}.o|.e}. */
public final class LogPaths {
  private LogPaths() {}

  /** The attempt's standard output log. */
  public static Path stdout(Path outputDir, long workflowId, long jobId, int runId, int attempt) {
    return base(outputDir, workflowId, jobId, runId, attempt, ".o");
  }

  /** The attempt's standard error log. */
  public static Path stderr(Path outputDir, long workflowId, long jobId, int runId, int attempt) {
    return base(outputDir, workflowId, jobId, runId, attempt, ".e");
  }

  private static Path base(
      Path outputDir, long workflowId, long jobId, int runId, int attempt, String suffix) {
    return outputDir
        .resolve("job_stdio")
        .resolve(
            "job_wf" + workflowId + "_j" + jobId + "_r" + runId + "_a" + attempt + suffix);
  }
}
