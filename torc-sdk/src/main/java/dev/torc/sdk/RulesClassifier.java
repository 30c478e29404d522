package dev.torc.sdk;

import dev.torc.recovery.workflow.RetryBudgets;
import dev.torc.recovery.workflow.RuleClassification;
import dev.torc.run.PendingFailures;
import java.nio.file.Path;
import java.util.List;

/** {@link PendingFailedClassifier#rules(Path)}: {@link RuleClassification} applied through torc. */
final class RulesClassifier implements PendingFailedClassifier {
  private final Path outputDir;

  RulesClassifier(Path outputDir) {
    this.outputDir = outputDir;
  }

  @Override
  public int classify(Torc torc, long workflowId) {
    torc.workflow(workflowId);
    Path logs = outputDir != null ? outputDir : torc.outputDir();
    List<PendingFailures.Resolution> resolutions =
        RuleClassification.decide(torc.store(), workflowId, logs, RetryBudgets.DEFAULT);
    if (resolutions.isEmpty()) {
      return 0;
    }
    return torc.classify(
            new ClassifyRequest(workflowId, resolutions, RuleClassification.ACTOR, false))
        .classifications()
        .size();
  }
}
