/**
 * What to do about a failure: recovery policies, backoff, budgets, fallbacks and failure handlers.
 *
 * <p>A {@link dev.torc.recovery.policy.RecoveryPolicy} turns a {@link
 * dev.torc.recovery.policy.FailureContext} (the job, the attempt, its failure record, the earlier
 * failures, the failure handler, the time and durable {@link dev.torc.recovery.policy.PolicyState})
 * into a {@link dev.torc.run.Decision}: retry (with a delay, new requirements, a recovery script or
 * a fallback command), fail, or await classification ({@code pending_failed}). Policies compose
 * outermost first; {@link dev.torc.recovery.policy.RecoveryPolicies} builds chains of the built-in
 * ones.
 */
package dev.torc.recovery.policy;
