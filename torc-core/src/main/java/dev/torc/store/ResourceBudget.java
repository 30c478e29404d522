package dev.torc.store;

/**
 * Free resources a runner offers when it claims jobs.
 *
 * @param cpus free CPUs
 * @param memoryBytes free memory
 * @param gpus free GPUs
 */
public record ResourceBudget(int cpus, long memoryBytes, int gpus) {

  /** Whether a job with these needs fits. */
  public boolean fits(int jobCpus, long jobMemoryBytes, int jobGpus) {
    return jobCpus <= cpus && jobMemoryBytes <= memoryBytes && jobGpus <= gpus;
  }

  /** What is left after a job with these needs takes its share. */
  public ResourceBudget minus(int jobCpus, long jobMemoryBytes, int jobGpus) {
    return new ResourceBudget(cpus - jobCpus, memoryBytes - jobMemoryBytes, gpus - jobGpus);
  }
}
