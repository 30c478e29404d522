package dev.torc.sdk;

import java.util.List;

/**
 * A job to add to a stored workflow ({@link Torc#createJob}).
 *
 * @param name the job's name, unique in the workflow
 * @param command the shell command it runs
 * @param blockingJobIds ids of the workflow's jobs it waits for
 * @param inputFiles names of the workflow's files it reads; it also waits for the jobs that write
 *     them
 * @param outputFiles names of the workflow's files it writes, which no job of the workflow may read
 *     yet
 * @param resourceRequirementsId the id of the requirements it runs with (see {@link JobRefs}), or
 *     {@code null} for the defaults
 * @param priority its scheduling priority, or {@code null} for 0
 */
public record NewJob(
    String name,
    String command,
    List<Long> blockingJobIds,
    List<String> inputFiles,
    List<String> outputFiles,
    Long resourceRequirementsId,
    Integer priority) {
  /**
   * Copies the lists; {@code null} lists are empty.
   *
   * @param name the job's name, unique in the workflow
   * @param command the shell command it runs
   * @param blockingJobIds ids of the workflow's jobs it waits for
   * @param inputFiles names of the workflow's files it reads; it also waits for the jobs that write
   *     them
   * @param outputFiles names of the workflow's files it writes, which no job of the workflow may
   *     read yet
   * @param resourceRequirementsId the id of the requirements it runs with (see {@link JobRefs}), or
   *     {@code null} for the defaults
   * @param priority its scheduling priority, or {@code null} for 0
   */
  public NewJob {
    blockingJobIds = blockingJobIds == null ? List.of() : List.copyOf(blockingJobIds);
    inputFiles = inputFiles == null ? List.of() : List.copyOf(inputFiles);
    outputFiles = outputFiles == null ? List.of() : List.copyOf(outputFiles);
  }

  /**
   * A job that runs {@code command}, waits for nothing and has the default requirements.
   *
   * @param name the job's name, unique in the workflow
   * @param command the shell command it runs
   * @return the job
   */
  public static NewJob of(String name, String command) {
    return new NewJob(name, command, List.of(), List.of(), List.of(), null, null);
  }
}
