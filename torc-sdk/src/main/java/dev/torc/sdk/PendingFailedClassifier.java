package dev.torc.sdk;

import java.nio.file.Path;

/**
 * Classifies a workflow's {@code pending_failed} jobs, typically through {@link Torc#classify}, and
 * says how many it resolved. A run goes on while its classifier resolves jobs.
 */
@FunctionalInterface
public interface PendingFailedClassifier {
  /**
   * Classifies what it can of the workflow's pending_failed jobs.
   *
   * @param torc the torc to read the jobs and apply the classifications through
   * @param workflowId the workflow
   * @return how many jobs it resolved (retried or failed); 0 stops the run loop
   */
  int classify(Torc torc, long workflowId);

  /**
   * Classification by rules, reading logs under the {@link Torc#outputDir() torc's output
   * directory}: see {@link #rules(Path)}.
   *
   * @return the classifier
   */
  static PendingFailedClassifier rules() {
    return new RulesClassifier(null);
  }

  /**
   * Classification by rules ({@link dev.torc.recovery.workflow.RuleClassification}): each job's
   * failure record, from every piece of evidence including the logs under {@code outputDir};
   * transient, preempted and node failures retry while their cause's budget lasts (counted from the
   * durable history, so across runs, passes and restarts), permanent ones and those whose budget is
   * used up fail, the rest stay pending_failed. Its decisions are logged as made by {@code rules}.
   *
   * @param outputDir where the job logs are, or {@code null} for the torc's output directory
   * @return the classifier
   */
  static PendingFailedClassifier rules(Path outputDir) {
    return new RulesClassifier(outputDir);
  }
}
