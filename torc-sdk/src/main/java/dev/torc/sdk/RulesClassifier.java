package dev.torc.sdk;

import dev.torc.model.RecoveryConfig;
import dev.torc.recovery.Classification;
import dev.torc.recovery.FailureCause;
import dev.torc.recovery.PatternClassifier;
import dev.torc.recovery.RecoveryConfigs;
import dev.torc.recovery.RecoveryFailurePolicy;
import dev.torc.run.PendingFailures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link PendingFailedClassifier#rules(Path)}. */
final class RulesClassifier implements PendingFailedClassifier {
  /** The actor the event log names. */
  static final String ACTOR = "rules";

  private final Path outputDir;
  private final Map<Long, Integer> retried = new HashMap<>();

  RulesClassifier(Path outputDir) {
    this.outputDir = outputDir;
  }

  @Override
  public int classify(Torc torc, long workflowId) {
    RecoveryConfig config = torc.store().getRecoveryConfig(workflowId);
    PatternClassifier classifier =
        config == null || config.classificationRules().isEmpty()
            ? PatternClassifier.builtIn()
            : PatternClassifier.withRules(RecoveryConfigs.rules(config));
    List<PendingFailures.Resolution> resolutions = new ArrayList<>();
    PendingFailedJobs pending =
        torc.pendingFailedJobs(
            workflowId,
            outputDir,
            RecoveryFailurePolicy.STDERR_TAIL_LINES,
            Integer.MAX_VALUE,
            Torc.DEFAULT_MAX_LOG_BYTES);
    for (PendingFailedJobs.Job job : pending.jobs()) {
      Optional<Classification> verdict = classifier.classifyText(job.stderrTail());
      if (verdict.isEmpty()) {
        continue;
      }
      Classification c = verdict.get();
      String reason = c.cause().label() + " (" + c.classifier() + "): " + c.evidence();
      if (c.cause() == FailureCause.TRANSIENT) {
        int times = retried.getOrDefault(job.jobId(), 0);
        if (times < MAX_RULE_RETRIES) {
          retried.put(job.jobId(), times + 1);
          resolutions.add(
              new PendingFailures.Resolution(
                  job.jobId(), PendingFailures.Action.RETRY, null, null, reason));
        }
      } else if (c.cause() == FailureCause.PERMANENT) {
        resolutions.add(
            new PendingFailures.Resolution(
                job.jobId(), PendingFailures.Action.FAIL, null, null, reason));
      }
    }
    if (resolutions.isEmpty()) {
      return 0;
    }
    return torc.classify(new ClassifyRequest(workflowId, resolutions, ACTOR, false))
        .classifications()
        .size();
  }
}
