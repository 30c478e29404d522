package dev.torc.recovery;

import dev.torc.diagnosis.ResourceDiagnosis;
import dev.torc.model.Memory;
import dev.torc.model.ResourceRequirements;
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
 * <p>The first of these that applies decides the cause:
 *
 * <ol>
 *   <li>the Slurm state, which is authoritative: {@code PREEMPTED} → {@link
 *       FailureCause#PREEMPTED}, {@code NODE_FAIL} or {@code BOOT_FAIL} → {@link
 *       FailureCause#NODE_FAIL}, {@code OUT_OF_MEMORY} → {@link FailureCause#OOM}, {@code TIMEOUT}
 *       → {@link FailureCause#TIMEOUT} (confidence 1);
 *   <li>the resource rules of {@link ResourceDiagnosis}, compared with the requirements the attempt
 *       ran with: peak memory over the request → OOM (0.9); exit 152 → TIMEOUT (0.9); exit 137
 *       before 80 % of the runtime limit → OOM (0.6); more than 90 % of the runtime limit → TIMEOUT
 *       (0.6);
 *   <li>the classifiers, in order; the first verdict wins ({@link FailureCause#TRANSIENT} or {@link
 *       FailureCause#PERMANENT}, with the classifier's evidence and confidence);
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

  /** An analyzer with the built-in patterns. */
  public static FailureAnalyzer standard() {
    return new FailureAnalyzer(List.of(PatternClassifier.builtIn()));
  }

  /** An analyzer with the user's rules, consulted before the built-in patterns. */
  public static FailureAnalyzer withRules(List<ClassificationRule> rules) {
    return new FailureAnalyzer(List.of(PatternClassifier.withRules(rules)));
  }

  /** An analyzer with these classifiers, consulted in order. */
  public static FailureAnalyzer of(List<FailureClassifier> classifiers) {
    return new FailureAnalyzer(Objects.requireNonNull(classifiers, "classifiers"));
  }

  /** The classifiers, in the order they are consulted. */
  public List<FailureClassifier> classifiers() {
    return classifiers;
  }

  /** Analyzes a failed attempt. */
  public FailureRecord analyze(
      JobRecord job, JobResult result, String stderrTail, String slurmState) {
    return analyze(new FailedAttempt(job, result, stderrTail, slurmState));
  }

  /** Analyzes a failed attempt. */
  public FailureRecord analyze(FailedAttempt attempt) {
    JobRecord job = attempt.job();
    JobResult result = attempt.result();
    ResourceRequirements rr = job.requirements();
    Verdict verdict = slurmVerdict(attempt.slurmState());
    if (verdict == null) {
      verdict = resourceVerdict(ResourceDiagnosis.of(rr, result));
    }
    String decisiveLine = null;
    if (verdict == null) {
      for (FailureClassifier classifier : classifiers) {
        Optional<Classification> c = classifier.classify(attempt);
        if (c.isPresent()) {
          Classification cl = c.get();
          verdict =
              new Verdict(cl.cause(), cl.classifier() + ": " + cl.evidence(), cl.confidence());
          decisiveLine = cl.evidence();
          break;
        }
      }
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
    if (d.timeoutReason() == ResourceDiagnosis.TimeoutReason.NEAR_RUNTIME_LIMIT) {
      return new Verdict(
          FailureCause.TIMEOUT,
          String.format(
              Locale.ROOT,
              "ran %.0f%% of the runtime limit %s",
              d.runtimeUtilizationPercent(),
              d.requested().runtime()),
          0.6);
    }
    return null;
  }
}
