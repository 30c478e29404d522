package dev.torc.cli;

import dev.torc.exec.MachineResources;
import dev.torc.run.RunOptions;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The runner's options that {@code torc run}, {@code torc workflows run}, {@code torc recover} and
 * {@code torc watch} share: where logs go, the resources jobs may use, limits and classification.
 */
final class RunnerOptionsMixin {
  @Option(
      names = {"-o", "--output-dir"},
      paramLabel = "DIR",
      defaultValue = TorcCommand.DEFAULT_OUTPUT_DIR,
      description = "Where job logs go, under DIR/job_stdio" + TorcCommand.OUTPUT_DIR_HELP + ".")
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
              + " by rules from each failure's record (the runner's verdict, exit code and"
              + " signal, the spec's rules and the built-in stderr/stdout patterns): transient"
              + " failures are retried while their budget lasts (3 per job and cause, counted"
              + " across runs) and the run goes on, permanent ones fail, unrecognized ones stay"
              + " pending_failed. Only 'rules' is supported.")
  String classify;

  /** The runner's options from these, polling the store at its default interval. */
  RunOptions.Builder toOptions() {
    if (classify != null && !classify.equals("rules")) {
      throw new InvalidInputException("--classify supports only 'rules', was '" + classify + "'");
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
        .recoveryScriptTimeout(
            Duration.ofMillis(
                (long) (positive("--recovery-script-timeout", recoveryScriptTimeout) * 1000)))
        .outputDir(outputDir)
        .resources(resources)
        .maxParallelJobs(
            maxParallelJobs == null ? 0 : positive("--max-parallel-jobs", maxParallelJobs))
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
