package dev.torc.cli;

import dev.torc.model.Memory;
import dev.torc.recovery.workflow.RecoveryHook;
import dev.torc.recovery.workflow.WorkflowRecovery;
import dev.torc.store.WorkflowStore;
import picocli.CommandLine.Option;

/** The recovery options of {@code torc recover} and {@code torc watch}. */
final class RecoveryOptionsMixin {
  @Option(
      names = "--memory-multiplier",
      paramLabel = "X",
      defaultValue = "1.5",
      description =
          "After an out-of-memory failure the job asks for max(request, peak) times X, rounded up"
              + " to a whole g (m below 1g) (default: ${DEFAULT-VALUE}).")
  double memoryMultiplier;

  @Option(
      names = "--runtime-multiplier",
      paramLabel = "X",
      defaultValue = "1.5",
      description =
          "After a timeout the job asks for its runtime times X, rounded up to whole seconds"
              + " (default: ${DEFAULT-VALUE}).")
  double runtimeMultiplier;

  @Option(
      names = "--retry-unknown",
      description =
          "Also retry jobs whose failure cause is unknown (by default they are left alone: they"
              + " likely have a bug a retry does not fix).")
  boolean retryUnknown;

  @Option(
      names = "--recovery-hook",
      paramLabel = "CMD",
      description =
          "Run 'bash -c \"CMD WORKFLOW_ID\"' (with TORC_WORKFLOW_ID set) before each recovery"
              + " changes anything; a non-zero exit stops the recovery. Implies --retry-unknown.")
  String recoveryHook;

  /** A recovery of the store's workflows with these options, jobs held below {@code maxMemory}. */
  WorkflowRecovery recovery(WorkflowStore store, long maxMemoryBytes) {
    if (!(memoryMultiplier > 1.0) || Double.isInfinite(memoryMultiplier)) {
      throw new InvalidInputException(
          "--memory-multiplier must be above 1, was " + memoryMultiplier);
    }
    if (!(runtimeMultiplier > 1.0) || Double.isInfinite(runtimeMultiplier)) {
      throw new InvalidInputException(
          "--runtime-multiplier must be above 1, was " + runtimeMultiplier);
    }
    return WorkflowRecovery.builder(store)
        .memoryMultiplier(memoryMultiplier)
        .runtimeMultiplier(runtimeMultiplier)
        .retryUnknown(retryUnknown)
        .recoveryHook(recoveryHook == null ? null : RecoveryHook.command(recoveryHook))
        .maxMemory(Memory.ofBytes(maxMemoryBytes))
        .build();
  }
}
