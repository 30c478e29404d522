package dev.torc.executor;

import dev.torc.store.JobRecord;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * One attempt of a job to run: the job as claimed (its command, or its Java task by name, and its
 * requirements, which are also its limits), and what torc promises the attempt.
 *
 * @param job the claimed job, at the attempt to run ({@link JobRecord#attemptId()})
 * @param runId the run the attempt belongs to
 * @param environment the {@code TORC_*} variables the job's processes see
 * @param stdout where the attempt's standard output goes
 * @param stderr where the attempt's standard error goes
 */
public record AttemptSpec(
    JobRecord job, int runId, Map<String, String> environment, Path stdout, Path stderr) {

  /**
   * Checks that nothing is missing and copies the environment.
   *
   * @param job the claimed job, at the attempt to run ({@link JobRecord#attemptId()})
   * @param runId the run the attempt belongs to
   * @param environment the {@code TORC_*} variables the job's processes see
   * @param stdout where the attempt's standard output goes
   * @param stderr where the attempt's standard error goes
   */
  public AttemptSpec {
    Objects.requireNonNull(job, "job");
    environment = Map.copyOf(environment);
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
  }
}
