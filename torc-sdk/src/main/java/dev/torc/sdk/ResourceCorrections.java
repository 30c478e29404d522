package dev.torc.sdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code workflows correct-resources} changed (or, in a dry run, would change), with the
 * original torc's field names: one adjustment per set of resource requirements.
 *
 * @param workflowId the workflow
 * @param dryRun whether nothing was changed
 * @param jobsAnalyzed how many jobs' latest attempts were looked at
 * @param adjustments the changes, one per set of requirements
 */
public record ResourceCorrections(
    long workflowId, boolean dryRun, int jobsAnalyzed, List<Adjustment> adjustments)
    implements JsonView {
  /**
   * Copies the list.
   *
   * @param workflowId the workflow
   * @param dryRun whether nothing was changed
   * @param jobsAnalyzed how many jobs' latest attempts were looked at
   * @param adjustments the changes, one per set of requirements
   */
  public ResourceCorrections {
    adjustments = List.copyOf(adjustments);
  }

  /**
   * A change of one set of requirements, for every job that runs with it.
   *
   * @param requirementsId the requirements' id (see {@link JobRefs})
   * @param jobIds the jobs that run with them
   * @param jobNames their names
   * @param originalMemory memory before, or {@code null} when unchanged
   * @param newMemory memory after, or {@code null} when unchanged
   * @param maxPeakMemoryBytes the highest peak memory seen among the jobs that exceeded it
   * @param originalRuntime runtime before, or {@code null} when unchanged
   * @param newRuntime runtime after, or {@code null} when unchanged
   * @param originalCpus CPUs before, or {@code null} when unchanged
   * @param newCpus CPUs after, or {@code null} when unchanged
   * @param maxPeakCpuPercent the highest peak CPU seen among the jobs that exceeded it
   */
  public record Adjustment(
      long requirementsId,
      List<Long> jobIds,
      List<String> jobNames,
      String originalMemory,
      String newMemory,
      Long maxPeakMemoryBytes,
      String originalRuntime,
      String newRuntime,
      Integer originalCpus,
      Integer newCpus,
      Double maxPeakCpuPercent) {
    /**
     * Copies the lists.
     *
     * @param requirementsId the requirements' id (see {@link JobRefs})
     * @param jobIds the jobs that run with them
     * @param jobNames their names
     * @param originalMemory memory before, or {@code null} when unchanged
     * @param newMemory memory after, or {@code null} when unchanged
     * @param maxPeakMemoryBytes the highest peak memory seen among the jobs that exceeded it
     * @param originalRuntime runtime before, or {@code null} when unchanged
     * @param newRuntime runtime after, or {@code null} when unchanged
     * @param originalCpus CPUs before, or {@code null} when unchanged
     * @param newCpus CPUs after, or {@code null} when unchanged
     * @param maxPeakCpuPercent the highest peak CPU seen among the jobs that exceeded it
     */
    public Adjustment {
      jobIds = List.copyOf(jobIds);
      jobNames = List.copyOf(jobNames);
    }

    Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("resource_requirements_id", requirementsId);
      json.put("job_ids", jobIds);
      json.put("job_names", jobNames);
      json.put("memory_adjusted", newMemory != null);
      json.put("original_memory", originalMemory);
      json.put("new_memory", newMemory);
      json.put("max_peak_memory_bytes", maxPeakMemoryBytes);
      json.put("runtime_adjusted", newRuntime != null);
      json.put("original_runtime", originalRuntime);
      json.put("new_runtime", newRuntime);
      json.put("cpu_adjusted", newCpus != null);
      json.put("original_cpus", originalCpus);
      json.put("new_cpus", newCpus);
      json.put("max_peak_cpu_percent", maxPeakCpuPercent);
      return json;
    }
  }

  /**
   * How many adjustments change memory.
   *
   * @return the count
   */
  public long memoryCorrections() {
    return adjustments.stream().filter(a -> a.newMemory() != null).count();
  }

  /**
   * How many adjustments change runtime.
   *
   * @return the count
   */
  public long runtimeCorrections() {
    return adjustments.stream().filter(a -> a.newRuntime() != null).count();
  }

  /**
   * How many adjustments change CPUs.
   *
   * @return the count
   */
  public long cpuCorrections() {
    return adjustments.stream().filter(a -> a.newCpus() != null).count();
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", workflowId);
    json.put("dry_run", dryRun);
    json.put("resource_requirements_updated", adjustments.size());
    json.put("jobs_analyzed", jobsAnalyzed);
    json.put("memory_corrections", memoryCorrections());
    json.put("runtime_corrections", runtimeCorrections());
    json.put("cpu_corrections", cpuCorrections());
    json.put("adjustments", adjustments.stream().map(Adjustment::toJson).toList());
    return json;
  }
}
