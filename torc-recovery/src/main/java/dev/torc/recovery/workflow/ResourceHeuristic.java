package dev.torc.recovery.workflow;

import dev.torc.model.Memory;
import dev.torc.model.ResourceRequirements;
import dev.torc.recovery.classify.FailureCause;
import dev.torc.recovery.policy.Resizing;
import java.time.Duration;
import java.util.Optional;

/**
 * Proposes new requirements for a failed job, as workflow-level recovery does for out-of-memory and
 * timed-out jobs. {@link WorkflowRecovery} asks its heuristics in order, each seeing the
 * requirements the ones before it proposed; a job that some heuristic adjusts is retried with the
 * result. Implementations must not change anything.
 */
@FunctionalInterface
public interface ResourceHeuristic {

  /**
   * The change for this failed job, or empty when the heuristic does not apply to it.
   *
   * @param job the failed job with its diagnosis
   * @param current the requirements proposed so far (at first the job's own)
   * @return the change for this failed job, or empty when the heuristic does not apply to it
   */
  Optional<Adjustment> adjust(FailedJob job, ResourceRequirements current);

  /**
   * More memory for an out-of-memory job: the larger of the request and the measured peak, times
   * {@code multiplier}, rounded up to a whole unit ({@link Resizing#memory}).
   *
   * @param multiplier the growth factor, at least 1
   * @return the heuristic
   */
  static ResourceHeuristic oom(double multiplier) {
    Resizing.requireMultiplier(multiplier);
    return (job, current) -> {
      if (job.cause() != FailureCause.OOM) {
        return Optional.empty();
      }
      Memory memory = Resizing.memory(current.memory(), job.peakMemoryBytes(), multiplier);
      return Optional.of(Adjustment.oomMemory(current, memory));
    };
  }

  /**
   * More time for a timed-out job (cause {@link FailureCause#TIMEOUT}; a job that merely ran long
   * before a failure of another cause gets none): its runtime limit times {@code multiplier},
   * rounded up to whole seconds ({@link Resizing#runtime}).
   *
   * @param multiplier the growth factor, at least 1
   * @return the heuristic
   */
  static ResourceHeuristic timeout(double multiplier) {
    Resizing.requireMultiplier(multiplier);
    return (job, current) -> {
      if (job.cause() != FailureCause.TIMEOUT) {
        return Optional.empty();
      }
      Duration runtime = Resizing.runtime(current.runtime(), multiplier);
      return Optional.of(
          new Adjustment(
              "Timeout",
              "runtime",
              current.runtime().toString(),
              runtime.toString(),
              current.toBuilder().runtime(runtime).build()));
    };
  }
}
