package dev.torc.run;

/**
 * Supplies the failure policy that {@link RunOptions#builder()} uses by default, found through
 * {@link java.util.ServiceLoader}: {@code torc-recovery} provides the chain each workflow's spec or
 * builder declares (failure handlers, the jobs' fallback commands, backoff, budgets and circuit
 * breaker), which is what {@code torc run} uses. Without a provider on the class path the default
 * is {@link FailurePolicy#standard()}, and a workflow that declares more than failure handlers is
 * refused when it is run.
 */
public interface FailurePolicyProvider {

  /**
   * A new policy, with state of its own, for one set of run options.
   *
   * @return the policy
   */
  FailurePolicy create();
}
