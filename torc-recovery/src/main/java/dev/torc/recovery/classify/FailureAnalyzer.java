package dev.torc.recovery.classify;

import dev.torc.diagnosis.ResourceDiagnosis;
import dev.torc.model.Memory;
import dev.torc.model.ResourceRequirements;
import dev.torc.recovery.internal.RunnerVerdicts;
import dev.torc.recovery.internal.Signatures;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a failed attempt into a {@link FailureRecord} with its cause, evidence and confidence.
 *
 * <p>The first of these that applies decides the cause; the evidence names the decisive fact and
 * any text verdict it outranked:
 *
 * <ol>
 *   <li>the Slurm state, which is authoritative: {@code PREEMPTED} → {@link
 *       FailureCause#PREEMPTED}, {@code NODE_FAIL} or {@code BOOT_FAIL} → {@link
 *       FailureCause#NODE_FAIL}, {@code OUT_OF_MEMORY} → {@link FailureCause#OOM}, {@code TIMEOUT}
 *       → {@link FailureCause#TIMEOUT} (confidence 1);
 *   <li>the runner's own verdict: it killed the attempt at its memory limit → OOM, or stopped it at
 *       its runtime limit → TIMEOUT (confidence 1), whatever the attempt wrote before; or the
 *       cluster's: Slurm or the kernel says its out-of-memory handler killed it → OOM (0.95);
 *   <li>the measurements of {@link ResourceDiagnosis}, compared with the requirements the attempt
 *       ran with: peak memory over the request → OOM (0.9); exit 152 → TIMEOUT (0.9); exit 137
 *       (SIGKILL) before 80 % of the runtime limit → OOM (0.6);
 *   <li>the classifiers, in order, on standard error and then standard output; the first verdict
 *       wins ({@link FailureCause#TRANSIENT} or {@link FailureCause#PERMANENT}, with the
 *       classifier's evidence and confidence);
 *   <li>a signal that means a crash in the program's code: SIGSEGV (139), SIGILL (132), SIGABRT
 *       (134), SIGBUS (135), SIGFPE (136) → PERMANENT (0.8);
 *   <li>more than 90 % of the runtime limit used → TIMEOUT (0.6);
 *   <li>otherwise {@link FailureCause#UNKNOWN} with confidence 0.
 * </ol>
 *
 * <p>The signature is the normalized stderr line a classifier matched, or else the normalized last
 * error line of the stderr tail, or {@code exit <code>} when the attempt wrote no stderr.
 *
 * <p>Instances are immutable and thread-safe when their classifiers are.
 */
public final class FailureAnalyzer {

  private final List<FailureClassifier> classifiers;

  private FailureAnalyzer(List<FailureClassifier> classifiers) {
    this.classifiers = List.copyOf(classifiers);
  }

  /**
   * An analyzer with the built-in patterns.
   *
   * @return an analyzer with the built-in patterns
   */
  public static FailureAnalyzer standard() {
    return new FailureAnalyzer(List.of(PatternClassifier.builtIn()));
  }

  /**
   * An analyzer with the user's rules, consulted before the built-in patterns.
   *
   * @param rules the rules, first match wins
   * @return an analyzer with the user's rules, consulted before the built-in patterns
   */
  public static FailureAnalyzer withRules(List<ClassificationRule> rules) {
    return new FailureAnalyzer(List.of(PatternClassifier.withRules(rules)));
  }

  /**
   * An analyzer with these classifiers, consulted in order.
   *
   * @param classifiers the classifiers, in order
   * @return an analyzer with these classifiers, consulted in order
   */
  public static FailureAnalyzer of(List<FailureClassifier> classifiers) {
    return new FailureAnalyzer(Objects.requireNonNull(classifiers, "classifiers"));
  }

  /**
   * The classifiers, in the order they are consulted.
   *
   * @return the classifiers, in the order they are consulted
   */
  public List<FailureClassifier> classifiers() {
    return classifiers;
  }

  /**
   * Analyzes a failed attempt.
   *
   * @param job the job
   * @param result the attempt's result
   * @param stderrTail the last lines of standard error
   * @param slurmState Slurm's state of the job, or null
   * @return the attempt's failure record
   */
  public FailureRecord analyze(
      JobRecord job, JobResult result, String stderrTail, String slurmState) {
    return analyze(new FailedAttempt(job, result, stderrTail, slurmState));
  }

  /**
   * Analyzes a failed attempt.
   *
   * @param attempt the attempt
   * @return the attempt's failure record
   */
  public FailureRecord analyze(FailedAttempt attempt) {
    JobRecord job = attempt.job();
    JobResult result = attempt.result();
    ResourceRequirements rr = job.requirements();
    ResourceDiagnosis diagnosis = ResourceDiagnosis.of(rr, result);
    Verdict verdict = slurmVerdict(attempt.slurmState());
    if (verdict == null) {
      verdict = runnerVerdict(attempt, diagnosis);
    }
    if (verdict == null) {
      verdict = resourceVerdict(diagnosis);
    }
    // Once a verdict stands, only the cheap pattern classifiers run, to name what it outranks.
    Classification text = classify(attempt, verdict != null);
    String decisiveLine = null;
    if (verdict == null && text != null) {
      verdict =
          new Verdict(text.cause(), text.classifier() + ": " + text.evidence(), text.confidence());
      decisiveLine = text.evidence();
    } else if (verdict != null && text != null && text.cause() != verdict.cause()) {
      verdict =
          new Verdict(
              verdict.cause(),
              verdict.evidence()
                  + "; outranks "
                  + text.cause().label()
                  + " text ("
                  + text.classifier()
                  + ": "
                  + text.evidence()
                  + ")",
              verdict.confidence());
    }
    if (verdict == null) {
      verdict = crashVerdict(result);
    }
    if (verdict == null) {
      verdict = nearLimitVerdict(diagnosis);
    }
    if (verdict == null) {
      verdict =
          new Verdict(
              FailureCause.UNKNOWN,
              "exit code " + result.returnCode() + "; no rule recognized the failure",
              0.0);
    }
    if (decisiveLine == null) {
      decisiveLine = Signatures.lastErrorLine(attempt.stderrTail());
    }
    String signature =
        decisiveLine == null
            ? Signatures.ofExitCode(result.returnCode())
            : Signatures.normalize(decisiveLine);
    return new FailureRecord(
        job.id(),
        job.name(),
        result.runId(),
        result.attemptId(),
        result.status(),
        result.returnCode(),
        FailureRecord.signalOf(result.returnCode()),
        result.peakMemoryBytes(),
        rr.memory().bytes(),
        Duration.ofMillis(Math.round(result.execTimeMinutes() * 60_000.0)),
        rr.runtime(),
        attempt.slurmState(),
        signature,
        verdict.cause(),
        verdict.evidence(),
        verdict.confidence());
  }

  private record Verdict(FailureCause cause, String evidence, double confidence) {}

  private static Verdict slurmVerdict(String slurmState) {
    if (slurmState == null) {
      return null;
    }
    String state = slurmState.strip().split("\\s+")[0].toUpperCase(Locale.ROOT);
    String evidence = "Slurm state " + slurmState.strip();
    return switch (state) {
      case "PREEMPTED" -> new Verdict(FailureCause.PREEMPTED, evidence, 1.0);
      case "NODE_FAIL", "BOOT_FAIL" -> new Verdict(FailureCause.NODE_FAIL, evidence, 1.0);
      case "OUT_OF_MEMORY", "OOM" -> new Verdict(FailureCause.OOM, evidence, 1.0);
      case "TIMEOUT", "DEADLINE" -> new Verdict(FailureCause.TIMEOUT, evidence, 1.0);
      default -> null;
    };
  }

  /** The first classifier's verdict on the attempt's messages, or {@code null}. */
  private Classification classify(FailedAttempt attempt, boolean patternsOnly) {
    for (FailureClassifier classifier : classifiers) {
      if (patternsOnly && !(classifier instanceof PatternClassifier)) {
        continue;
      }
      Optional<Classification> c = classifier.classify(attempt);
      if (c.isPresent()) {
        return c.get();
      }
    }
    return null;
  }

  private static Verdict runnerVerdict(FailedAttempt attempt, ResourceDiagnosis d) {
    JobResult result = attempt.result();
    if (RunnerVerdicts.memoryKill(result, attempt.stderrTail())) {
      Long peak = result.peakMemoryBytes();
      return new Verdict(
          FailureCause.OOM,
          "the runner killed the attempt at its memory limit "
              + d.requested().memory()
              + " (exit 137"
              + (peak == null ? "" : ", peak " + Memory.ofBytes(peak))
              + ")",
          1.0);
    }
    String cluster = RunnerVerdicts.clusterMemoryKill(attempt.stderrTail());
    if (cluster != null) {
      return new Verdict(
          FailureCause.OOM, "the cluster killed the attempt for memory: " + cluster, 0.95);
    }
    if (RunnerVerdicts.walltimeKill(result, attempt.stderrTail())) {
      return new Verdict(
          FailureCause.TIMEOUT,
          "the attempt was stopped at its runtime limit " + d.requested().runtime() + " (exit 152)",
          1.0);
    }
    return null;
  }

  private static Verdict crashVerdict(JobResult result) {
    String signal = RunnerVerdicts.crashSignal(result);
    return signal == null
        ? null
        : new Verdict(
            FailureCause.PERMANENT,
            "exit code "
                + result.returnCode()
                + ": killed by "
                + signal
                + ", a crash in the program that a retry repeats",
            0.8);
  }

  private static Verdict nearLimitVerdict(ResourceDiagnosis d) {
    if (d.timeoutReason() != ResourceDiagnosis.TimeoutReason.NEAR_RUNTIME_LIMIT) {
      return null;
    }
    return new Verdict(
        FailureCause.TIMEOUT,
        String.format(
            Locale.ROOT,
            "ran %.0f%% of the runtime limit %s and nothing else explains the failure",
            d.runtimeUtilizationPercent(),
            d.requested().runtime()),
        0.6);
  }

  private static Verdict resourceVerdict(ResourceDiagnosis d) {
    if (d.oomReason() == ResourceDiagnosis.OomReason.MEMORY_EXCEEDED) {
      return new Verdict(
          FailureCause.OOM,
          "peak memory "
              + Memory.ofBytes(d.result().peakMemoryBytes())
              + " exceeded the requested "
              + d.requested().memory(),
          0.9);
    }
    if (d.timeoutReason() == ResourceDiagnosis.TimeoutReason.SIGXCPU_152) {
      return new Verdict(
          FailureCause.TIMEOUT,
          "exit code " + ResourceDiagnosis.EXIT_SIGXCPU + " (killed at the walltime limit)",
          0.9);
    }
    if (d.oomReason() == ResourceDiagnosis.OomReason.SIGKILL_137) {
      return new Verdict(
          FailureCause.OOM,
          String.format(
              Locale.ROOT,
              "exit code %d (SIGKILL) after %.0f%% of the runtime limit",
              ResourceDiagnosis.EXIT_SIGKILL,
              d.runtimeUtilizationPercent()),
          0.6);
    }
    return null;
  }
}
