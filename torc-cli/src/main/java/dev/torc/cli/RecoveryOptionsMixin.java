package dev.torc.cli;

import dev.torc.recovery.policy.Resizing;
import dev.torc.sdk.RecoveryOptions;
import picocli.CommandLine.Option;

/** The recovery options of {@code torc recover} and {@code torc watch}. */
final class RecoveryOptionsMixin {
  @Option(
      names = "--hpc-profile",
      paramLabel = "PROFILE",
      description =
          "For a workflow that uses Slurm: the HPC profile whose largest fitting partition caps"
              + " resizes (a job past it fails with the limit) and on which schedulers are"
              + " regenerated, with an allocation each, for resized jobs (default: the detected"
              + " profile; none detected: no cap, no regeneration).")
  String hpcProfile;

  @Option(
      names = "--memory-multiplier",
      paramLabel = "X",
      defaultValue = "1.5",
      description =
          "After an out-of-memory failure the job asks for max(request, peak) times X, rounded up"
              + " to a whole g (m below 1g) (default: ${DEFAULT-VALUE}).")
  double memoryMultiplier;

  @Option(
      names = "--oom-headroom",
      paramLabel = "X",
      defaultValue = "6",
      description =
          "The first retry after a job was killed at its memory limit asks for X times its request"
              + " (within the machine's memory), so that it runs to its end and its real peak is"
              + " measured; the job then keeps that peak times 1.2. A job killed again grows by"
              + " --memory-multiplier. 1 sizes by --memory-multiplier alone (default:"
              + " ${DEFAULT-VALUE}).")
  double oomHeadroom;

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

  @Option(
      names = "--max-runtime",
      paramLabel = "DURATION",
      description =
          "The longest runtime a job may ask for (ISO-8601, such as PT4H): a timed-out job whose"
              + " new runtime would pass it fails instead of retrying (default: no limit).")
  String maxRuntime;

  /** The recovery these options ask for. */
  RecoveryOptions toOptions() {
    requireMultiplier("--memory-multiplier", memoryMultiplier);
    requireMultiplier("--runtime-multiplier", runtimeMultiplier);
    return RecoveryOptions.builder()
        .memoryMultiplier(memoryMultiplier)
        .oomHeadroom(oomHeadroom)
        .runtimeMultiplier(runtimeMultiplier)
        .retryUnknown(retryUnknown)
        .recoveryHook(recoveryHook)
        .maxRuntime(maxRuntime())
        .hpcProfile(hpcProfile)
        .build();
  }

  private static void requireMultiplier(String option, double value) {
    try {
      Resizing.requireMultiplier(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(option + ": " + e.getMessage());
    }
  }

  private java.time.Duration maxRuntime() {
    if (maxRuntime == null) {
      return null;
    }
    try {
      java.time.Duration d = java.time.Duration.parse(maxRuntime);
      if (d.isZero() || d.isNegative()) {
        throw new InvalidInputException("--max-runtime must be positive, was " + maxRuntime);
      }
      return d;
    } catch (java.time.format.DateTimeParseException e) {
      throw new InvalidInputException(
          "--max-runtime must be an ISO-8601 duration such as PT4H, was '" + maxRuntime + "'");
    }
  }
}
