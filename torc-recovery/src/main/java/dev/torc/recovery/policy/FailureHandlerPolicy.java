package dev.torc.recovery.policy;

import dev.torc.model.FailureHandler;
import dev.torc.model.FailureRule;
import dev.torc.run.Decision;

/**
 * The failure handlers of the workflow spec ({@code failure_handlers}), as the failure-handlers
 * tutorial describes them.
 *
 * <ul>
 *   <li>The job's handler picks the rule for the exit code: a rule that lists the code wins over a
 *       {@code match_all_exit_codes} rule; among equals the first in the list wins. A terminated
 *       attempt (such as a Slurm walltime kill, exit 152) is handled like a failed one.
 *   <li>A matching rule retries the job, with the rule's {@code recovery_script} run before the
 *       retry, as long as the retry budget allows; once it is used up the job fails.
 *   <li>A job without a handler, or a failure no rule matches, is left to the rest of the chain; at
 *       its end such a failure is unhandled and goes to {@code pending_failed} when the workflow
 *       uses it (else it fails), where a person, a rule or an agent classifies it.
 * </ul>
 *
 * <p><b>{@code max_retries} counts retries.</b> A rule with {@code max_retries: N} retries the job
 * while the failed attempt's {@code attempt_id ≤ N}, so the job runs at most N + 1 times in all
 * (attempts 1 to N + 1); {@code max_retries: 0} never retries. This follows the tutorial's words
 * ("retries the job up to 3 times"). The original torc compares {@code attempt_id < max_retries},
 * which makes {@code max_retries} the total number of attempts (one fewer retry). The budget is the
 * job's attempt id, shared by all the rules of its handler, as in the original.
 *
 * <p>Stateless and thread-safe.
 */
public final class FailureHandlerPolicy implements RecoveryPolicy {

  private static final FailureHandlerPolicy INSTANCE = new FailureHandlerPolicy();

  private FailureHandlerPolicy() {}

  /**
   * The policy.
   *
   * @return the policy
   */
  public static FailureHandlerPolicy create() {
    return INSTANCE;
  }

  /**
   * Whether a rule with this {@code max_retries} retries after the given failed attempt.
   *
   * @param rule the rule
   * @param failedAttemptId the failed attempt
   * @return whether a rule with this {@code max_retries} retries after the given failed attempt
   */
  public static boolean allowsRetry(FailureRule rule, int failedAttemptId) {
    return rule.allowsRetryAfter(failedAttemptId);
  }

  @Override
  public Decision decide(FailureContext context, Next next) {
    FailureHandler handler = context.handler();
    if (handler == null) {
      return next.decide(context);
    }
    return Decision.byHandler(handler, context.attempt().returnCode(), context.countedAttemptId())
        .orElseGet(() -> next.decide(context));
  }

  @Override
  public String toString() {
    return "FailureHandlerPolicy";
  }
}
