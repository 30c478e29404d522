package dev.torc.cli;

import dev.torc.exec.MachineResources;
import dev.torc.recovery.RecoveryFailurePolicy;
import dev.torc.run.RunOptions;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options of {@code torc run} and {@code torc workflows run}. */
final class RunOptionsMixin {
  @Option(
      names = {"-o", "--output-dir"},
      paramLabel = "DIR",
      defaultValue = "torc_output",
      description = "Where job logs go, under DIR/job_stdio (default: ${DEFAULT-VALUE}).")
  Path outputDir;

  @Option(
      names = "--max-parallel-jobs",
      paramLabel = "N",
      description = "Run at most N jobs at once (default: as many as the resources allow).")
  Integer maxParallelJobs;

  @Option(
      names = "--num-cpus",
      paramLabel = "N",
      description = "CPUs jobs may use (default: this machine's).")
  Integer numCpus;

  @Option(
      names = "--memory-gb",
      paramLabel = "GB",
      description = "Memory jobs may use, in GiB (default: this machine's).")
  Double memoryGb;

  @Option(
      names = "--num-gpus",
      paramLabel = "N",
      description = "GPUs jobs may use (default: this machine's NVIDIA GPUs).")
  Integer numGpus;

  @Option(
      names = "--poll-interval",
      paramLabel = "SECONDS",
      defaultValue = "1",
      description =
          "Seconds between looks at the store for work of other runners and cancellation"
              + " (default: ${DEFAULT-VALUE}).")
  double pollInterval;

  @Option(
      names = "--sample-interval",
      paramLabel = "SECONDS",
      description = "Seconds between resource samples (default: the spec's, else 5).")
  Double sampleInterval;

  @Option(
      names = "--no-limits",
      description =
          "Do not stop jobs at their runtime and memory limits (by default a job past its"
              + " runtime is terminated with return code 152, and one past its memory is killed"
              + " with 137, as a Slurm node would).")
  boolean noLimits;

  @Option(
      names = "--recovery-script-timeout",
      paramLabel = "SECONDS",
      defaultValue = "600",
      description =
          "Seconds a failure handler's recovery script may run before it is killed and its job"
              + " fails (default: ${DEFAULT-VALUE}).")
  double recoveryScriptTimeout;

  @Option(
      names = "--classify",
      paramLabel = "rules",
      description =
          "When the run stops with jobs awaiting classification (pending_failed), classify them"
              + " with the built-in stderr patterns: transient failures are retried (at most"
              + " "
              + RunCommand.MAX_CLASSIFIER_RETRIES
              + " times per job) and the run goes on, permanent ones fail, unrecognized ones"
              + " stay pending_failed. Only 'rules' is supported.")
  String classify;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print no progress.")
  boolean quiet;

  RunOptions.Builder toOptions() {
    if (classify != null && !classify.equals("rules")) {
      throw new InvalidInputException("--classify supports only 'rules', was '" + classify + "'");
    }
    if (pollInterval <= 0) {
      throw new InvalidInputException("--poll-interval must be positive");
    }
    MachineResources machine = MachineResources.detect();
    MachineResources resources =
        new MachineResources(
            numCpus != null ? positive("--num-cpus", numCpus) : machine.cpus(),
            memoryGb != null
                ? (long) (positive("--memory-gb", memoryGb) * (1L << 30))
                : machine.memoryBytes(),
            numGpus != null ? nonNegative("--num-gpus", numGpus) : machine.gpus());
    return RunOptions.builder()
        .failurePolicy(RecoveryFailurePolicy.configured())
        .recoveryScriptTimeout(
            Duration.ofMillis(
                (long) (positive("--recovery-script-timeout", recoveryScriptTimeout) * 1000)))
        .outputDir(outputDir)
        .resources(resources)
        .maxParallelJobs(
            maxParallelJobs == null ? 0 : positive("--max-parallel-jobs", maxParallelJobs))
        .pollInterval(Duration.ofMillis(Math.max(1, (long) (pollInterval * 1000))))
        .enforceLimits(!noLimits)
        .sampleIntervalSeconds(
            sampleInterval == null ? null : positive("--sample-interval", sampleInterval));
  }

  private static int positive(String option, int value) {
    if (value < 1) {
      throw new InvalidInputException(option + " must be at least 1, was " + value);
    }
    return value;
  }

  private static double positive(String option, double value) {
    if (!(value > 0)) {
      throw new InvalidInputException(option + " must be positive, was " + value);
    }
    return value;
  }

  private static int nonNegative(String option, int value) {
    if (value < 0) {
      throw new InvalidInputException(option + " cannot be negative, was " + value);
    }
    return value;
  }
}
