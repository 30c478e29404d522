package dev.torc.run.internal;

import dev.torc.model.RecoveryConfig;
import dev.torc.run.RunException;
import dev.torc.run.RunOptions;
import dev.torc.store.JobRecord;
import dev.torc.store.WorkflowStore;
import java.util.List;

/** What a runner refuses before it changes anything, rather than fail jobs one by one later. */
public final class RunChecks {
  private RunChecks() {}

  /**
   * Refuses a workflow with Java tasks that could still run and that these options do not register,
   * and one that declares fallback commands or a recovery policy when the failure policy is the
   * core's handlers-only one, which would ignore them.
   *
   * @param jobs the workflow's jobs, as the store lists them
   * @throws RunException naming the tasks, or what would be ignored, and what to do about it
   */
  public static void beforeRun(
      WorkflowStore store, long workflowId, List<JobRecord> jobs, RunOptions options) {
    List<String> unregistered =
        jobs.stream()
            .filter(j -> j.isJavaTask() && !j.status().isTerminal())
            .map(JobRecord::name)
            .filter(name -> !options.tasks().containsKey(name))
            .toList();
    if (!unregistered.isEmpty()) {
      throw new RunException(
          "workflow "
              + workflowId
              + " has Java tasks that are not registered in this process: "
              + names(unregistered)
              + "; run it from Java with each task registered, either"
              + " RunOptions.builder().task(\"NAME\", task) or by submitting the workflow (built"
              + " with JobSpec.builder(NAME).task(...)) through the same Torc that runs it");
    }
    if (options.failurePolicy() != DefaultPolicies.STANDARD) {
      return;
    }
    List<String> withFallbacks =
        jobs.stream().filter(j -> !j.fallbackCommands().isEmpty()).map(JobRecord::name).toList();
    RecoveryConfig config = store.getRecoveryConfig(workflowId);
    boolean hasPolicy = config != null && !config.isEmpty();
    if (!withFallbacks.isEmpty() || hasPolicy) {
      throw new RunException(
          "workflow "
              + workflowId
              + " declares "
              + (hasPolicy ? "classification rules or a recovery policy" : "")
              + (hasPolicy && !withFallbacks.isEmpty() ? " and " : "")
              + (withFallbacks.isEmpty() ? "" : "fallback commands (" + names(withFallbacks) + ")")
              + ", which the failure handlers alone (FailurePolicy.standard()) would ignore;"
              + " put dev.torc:torc-recovery on the class path, or set a failure policy that"
              + " honours them");
    }
  }

  private static String names(List<String> names) {
    return names.size() <= 10
        ? String.join(", ", names)
        : String.join(", ", names.subList(0, 10)) + " and " + (names.size() - 10) + " more";
  }
}
