package dev.torc.recovery.workflow;

import dev.torc.model.Memory;
import java.util.Objects;

/**
 * A job whose memory requirement recovery set from the measured peak of its retry with headroom
 * ({@link WorkflowRecovery#rightSize}).
 *
 * @param jobId the job
 * @param jobName its name
 * @param killedAt the request it was killed at
 * @param ranWith the request its completed retry ran with
 * @param peak that retry's measured peak, rounded up to whole mebibytes
 * @param requirement its requirement now
 */
public record RightSized(
    long jobId, String jobName, Memory killedAt, Memory ranWith, Memory peak, Memory requirement) {
  /**
   * Checks the values.
   *
   * @param jobId the job
   * @param jobName its name
   * @param killedAt the request it was killed at
   * @param ranWith the request its completed retry ran with
   * @param peak that retry's measured peak, rounded up to whole mebibytes
   * @param requirement its requirement now
   */
  public RightSized {
    Objects.requireNonNull(jobName, "jobName");
    Objects.requireNonNull(killedAt, "killedAt");
    Objects.requireNonNull(ranWith, "ranWith");
    Objects.requireNonNull(peak, "peak");
    Objects.requireNonNull(requirement, "requirement");
  }

  /**
   * As recovery prints and records it: {@code killed at 150m, completed with 900m of headroom using
   * 209m at its peak; memory 900m -> 251m}.
   *
   * @return the line
   */
  public String describe() {
    return "killed at "
        + killedAt
        + ", completed with "
        + ranWith
        + " of headroom using "
        + peak
        + " at its peak; memory "
        + ranWith
        + " -> "
        + requirement;
  }
}
