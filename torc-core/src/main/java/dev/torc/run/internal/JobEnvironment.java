package dev.torc.run.internal;

import dev.torc.store.JobRecord;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code TORC_*} variables a job's attempt and its recovery scripts see. */
public final class JobEnvironment {
  private JobEnvironment() {}

  /**
   * @param outputDir the run's output directory
   * @param apiUrl where the workflow's store is
   */
  public static Map<String, String> of(JobRecord job, Path outputDir, String apiUrl) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TORC_WORKFLOW_ID", Long.toString(job.workflowId()));
    env.put("TORC_JOB_ID", Long.toString(job.id()));
    env.put("TORC_JOB_NAME", job.name());
    env.put("TORC_API_URL", apiUrl);
    env.put("TORC_OUTPUT_DIR", outputDir.toString());
    env.put("TORC_ATTEMPT_ID", Integer.toString(job.attemptId()));
    return env;
  }
}
