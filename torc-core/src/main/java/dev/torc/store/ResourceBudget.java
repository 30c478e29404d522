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

  /** A budget with no bound on the jobs' runtime. */
  public ResourceBudget(int cpus, long memoryBytes, int gpus) {
    this(cpus, memoryBytes, gpus, Long.MAX_VALUE);
  }

  /** Whether a job with these needs fits. */
  public boolean fits(int jobCpus, long jobMemoryBytes, int jobGpus) {
    return jobCpus <= cpus && jobMemoryBytes <= memoryBytes && jobGpus <= gpus;
  }

  /** Whether a job with these needs and this runtime fits. */
  public boolean fits(int jobCpus, long jobMemoryBytes, int jobGpus, long jobRuntimeSeconds) {
    return fits(jobCpus, jobMemoryBytes, jobGpus) && jobRuntimeSeconds <= maxRuntimeSeconds;
  }

  /** What is left after a job with these needs takes its share. */
  public ResourceBudget minus(int jobCpus, long jobMemoryBytes, int jobGpus) {
    return new ResourceBudget(
        cpus - jobCpus, memoryBytes - jobMemoryBytes, gpus - jobGpus, maxRuntimeSeconds);
  }

  /** This budget, claiming only jobs whose runtime is at most this long. */
  public ResourceBudget withMaxRuntimeSeconds(long seconds) {
    return new ResourceBudget(cpus, memoryBytes, gpus, seconds);
  }
}
