package dev.torc.exec;

import dev.torc.model.ResourceRequirements;
import java.time.Duration;

/**
 * The limits a {@link JobSupervisor} holds one job to, as a Slurm node would.
 *
 * @param runtime the wall-clock limit, or {@code null} for none
 * @param memoryBytes the limit on the resident memory of the job's process tree, or {@code null}
 *     for none
 * @param supportsTermination whether the job handles SIGTERM: if so it gets SIGTERM at its runtime
 *     limit and SIGKILL only after the supervisor's grace period, otherwise SIGKILL at once
 */
public record JobLimits(Duration runtime, Long memoryBytes, boolean supportsTermination) {

  /** No limits. */
  public static final JobLimits NONE = new JobLimits(null, null, false);

  /**
   * Checks that the limits given are positive.
   *
   * @param runtime the wall-clock limit, or {@code null} for none
   * @param memoryBytes the limit on the resident memory of the job's process tree, or {@code null}
   *     for none
   * @param supportsTermination whether the job handles SIGTERM: if so it gets SIGTERM at its
   *     runtime limit and SIGKILL only after the supervisor's grace period, otherwise SIGKILL at
   *     once
   */
  public JobLimits {
    if (runtime != null && (runtime.isZero() || runtime.isNegative())) {
      throw new IllegalArgumentException("runtime limit must be positive, was " + runtime);
    }
    if (memoryBytes != null && memoryBytes <= 0) {
      throw new IllegalArgumentException("memory limit must be positive, was " + memoryBytes);
    }
  }

  /**
   * The runtime and memory of a job's requirements; memory is per node, as the job sees it.
   *
   * @param requirements the job's requirements
   * @param supportsTermination whether the job handles SIGTERM
   * @return the limits
   */
  public static JobLimits of(ResourceRequirements requirements, boolean supportsTermination) {
    return new JobLimits(
        requirements.runtime(), requirements.memory().bytes(), supportsTermination);
  }

  /** {@return these limits without the runtime limit} */
  public JobLimits withoutRuntime() {
    return new JobLimits(null, memoryBytes, supportsTermination);
  }

  /** {@return these limits without the memory limit} */
  public JobLimits withoutMemory() {
    return new JobLimits(runtime, null, supportsTermination);
  }
}
