package dev.torc.store;

/**
 * Free resources a runner offers when it claims jobs.
 *
 * @param cpus free CPUs
 * @param memoryBytes free memory
 * @param gpus free GPUs
 * @param maxRuntimeSeconds the longest runtime a claimed job may have ({@link Long#MAX_VALUE} for
 *     no bound): a runner inside an allocation claims only jobs that can end before it does
 */
public record ResourceBudget(int cpus, long memoryBytes, int gpus, long maxRuntimeSeconds) {

  /**
   * A budget with no bound on the jobs' runtime.
   *
   * @param cpus free CPUs
   * @param memoryBytes free memory
   * @param gpus free GPUs
   */
  public ResourceBudget(int cpus, long memoryBytes, int gpus) {
    this(cpus, memoryBytes, gpus, Long.MAX_VALUE);
  }

  /**
   * Whether a job with these needs fits.
   *
   * @param jobCpus the CPUs the job needs
   * @param jobMemoryBytes the memory the job needs
   * @param jobGpus the GPUs the job needs
   * @return true when the budget covers all three
   */
  public boolean fits(int jobCpus, long jobMemoryBytes, int jobGpus) {
    return jobCpus <= cpus && jobMemoryBytes <= memoryBytes && jobGpus <= gpus;
  }

  /**
   * Whether a job with these needs and this runtime fits.
   *
   * @param jobCpus the CPUs the job needs
   * @param jobMemoryBytes the memory the job needs
   * @param jobGpus the GPUs the job needs
   * @param jobRuntimeSeconds the job's runtime limit
   * @return true when the budget covers all three and the runtime is within its bound
   */
  public boolean fits(int jobCpus, long jobMemoryBytes, int jobGpus, long jobRuntimeSeconds) {
    return fits(jobCpus, jobMemoryBytes, jobGpus) && jobRuntimeSeconds <= maxRuntimeSeconds;
  }

  /**
   * What is left after a job with these needs takes its share.
   *
   * @param jobCpus the CPUs the job takes
   * @param jobMemoryBytes the memory the job takes
   * @param jobGpus the GPUs the job takes
   * @return the remaining budget, with the same runtime bound
   */
  public ResourceBudget minus(int jobCpus, long jobMemoryBytes, int jobGpus) {
    return new ResourceBudget(
        cpus - jobCpus, memoryBytes - jobMemoryBytes, gpus - jobGpus, maxRuntimeSeconds);
  }

  /**
   * This budget, claiming only jobs whose runtime is at most this long.
   *
   * @param seconds the longest runtime a claimed job may have
   * @return the changed budget
   */
  public ResourceBudget withMaxRuntimeSeconds(long seconds) {
    return new ResourceBudget(cpus, memoryBytes, gpus, seconds);
  }
}
