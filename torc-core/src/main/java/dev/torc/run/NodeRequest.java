package dev.torc.run;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a {@link NodeScheduler} is asked to start.
 *
 * @param databaseLocation the store as {@code --database} takes it, so that workers find it
 * @param workflowId the workflow the workers run
 * @param schedulerName the scheduler configuration to use (a Slurm scheduler's name), or {@code
 *     null} for the type's default
 * @param count how many allocations or runner processes to start (at least 1)
 * @param oneWorkerPerNode whether a multi-node allocation starts one worker per node
 * @param maxParallelJobs the most jobs each worker runs at once, or {@code null} for no limit
 * @param outputDirectory where workers write job logs
 */
public record NodeRequest(
    String databaseLocation,
    long workflowId,
    String schedulerName,
    int count,
    boolean oneWorkerPerNode,
    Integer maxParallelJobs,
    Path outputDirectory) {

  /**
   * Checks that the store and output directory are given and the counts are at least 1.
   *
   * @param databaseLocation the store as {@code --database} takes it, so that workers find it
   * @param workflowId the workflow the workers run
   * @param schedulerName the scheduler configuration to use (a Slurm scheduler's name), or {@code
   *     null} for the type's default
   * @param count how many allocations or runner processes to start (at least 1)
   * @param oneWorkerPerNode whether a multi-node allocation starts one worker per node
   * @param maxParallelJobs the most jobs each worker runs at once, or {@code null} for no limit
   * @param outputDirectory where workers write job logs
   */
  public NodeRequest {
    Objects.requireNonNull(databaseLocation, "databaseLocation");
    Objects.requireNonNull(outputDirectory, "outputDirectory");
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + count);
    }
    if (maxParallelJobs != null && maxParallelJobs < 1) {
      throw new IllegalArgumentException(
          "maxParallelJobs must be at least 1, was " + maxParallelJobs);
    }
  }
}
