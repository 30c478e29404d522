package dev.torc.cli;

import dev.torc.run.RunOptions;
import dev.torc.sdk.PendingFailedClassifier;
import dev.torc.sdk.RunRequest;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of {@code torc run}, {@code torc workflows run} and {@code torc recover}. */
final class RunOptionsMixin {
  @Mixin RunnerOptionsMixin runner = new RunnerOptionsMixin();

  @Option(
      names = {"-p", "--poll-interval"},
      paramLabel = "SECONDS",
      defaultValue = "1",
      description =
          "Seconds between looks at the store for work of other runners and cancellation"
              + " (default: ${DEFAULT-VALUE}).")
  double pollInterval = 1;

  @Option(
      names = "--executor",
      paramLabel = "ID",
      defaultValue = "local",
      completionCandidates = KnownExecutors.class,
      description =
          "Where the jobs' attempts run: 'local' runs them as processes of this machine, 'slurm'"
              + " submits each attempt as its own Slurm batch job (sbatch) with the job's CPUs,"
              + " memory, GPUs and runtime, and the account and partition of its Slurm scheduler"
              + " (default: ${DEFAULT-VALUE}; known: ${COMPLETION-CANDIDATES}).")
  String executor = "local";

  @Option(
      names = {"-q", "--quiet"},
      description = "Print no progress.")
  boolean quiet;

  /** A quiet run with these runner options, polling the store every second. */
  static RunOptionsMixin quiet(RunnerOptionsMixin runner) {
    RunOptionsMixin run = new RunOptionsMixin();
    run.runner = runner;
    run.quiet = true;
    return run;
  }

  Path outputDir() {
    return runner.outputDir;
  }

  String classify() {
    return runner.classify;
  }

  /** The run these options ask for, classifying by rules with {@code --classify rules}. */
  RunRequest toRequest() {
    RunOptions options = toOptions().build();
    return new RunRequest(
        options, classify() == null ? null : PendingFailedClassifier.rules(outputDir()));
  }

  RunOptions.Builder toOptions() {
    if (!(pollInterval > 0)) {
      throw new InvalidInputException("--poll-interval must be positive");
    }
    if (dev.torc.executor.Executors.find(executor).isEmpty()) {
      throw new InvalidInputException(
          "unknown --executor '"
              + executor
              + "'; known executors: "
              + String.join(", ", new KnownExecutors()));
    }
    return runner
        .toOptions()
        .executor(executor)
        .pollInterval(Duration.ofMillis(Math.max(1, (long) (pollInterval * 1000))));
  }
}
