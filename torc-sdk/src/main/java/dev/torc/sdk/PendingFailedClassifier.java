package dev.torc.sdk;

import java.nio.file.Path;

/**
 * Classifies a workflow's {@code pending_failed} jobs, typically through {@link Torc#classify}, and
 * says how many it resolved. A run goes on while its classifier resolves jobs.
 */
@FunctionalInterface
public interface PendingFailedClassifier {
  /** How often a {@link #rules()} classifier retries one job. */
  int MAX_RULE_RETRIES = 3;

  /**
   * Classifies what it can of the workflow's pending_failed jobs.
   *
   * @return how many jobs it resolved (retried or failed); 0 stops the run loop
   */
  int classify(Torc torc, long workflowId);

  /**
   * Classification by rules, reading logs under the {@link Torc#outputDir() torc's output
   * directory}: see {@link #rules(Path)}.
   */
  static PendingFailedClassifier rules() {
    return new RulesClassifier(null);
  }

  /**
   * Classification by rules: the workflow's classification rules, else the built-in patterns, on
   * the last lines of each job's failed attempt's stderr under {@code outputDir}; transient
   * failures retry (at most {@value #MAX_RULE_RETRIES} times per job and classifier), permanent
   * ones fail, the rest stay pending_failed. Each instance counts its own retries: use one per
   * command. Its decisions are logged as made by {@code rules}.
   */
  static PendingFailedClassifier rules(Path outputDir) {
    return new RulesClassifier(outputDir);
  }
}
