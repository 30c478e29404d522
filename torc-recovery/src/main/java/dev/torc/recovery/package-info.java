/**
 * What torc does after a job's attempt fails.
 *
 * <p>A {@link dev.torc.recovery.FailureAnalyzer} turns a failed attempt into a {@link
 * dev.torc.recovery.FailureRecord}: its {@link dev.torc.recovery.FailureCause} (from the Slurm
 * state, the resource rules of {@link dev.torc.diagnosis.ResourceDiagnosis}, or {@link
 * dev.torc.recovery.FailureClassifier}s such as {@link dev.torc.recovery.PatternClassifier}), with
 * evidence, confidence and a signature that identical failures of different jobs share.
 *
 * <p>A {@link dev.torc.recovery.RecoveryPolicy} then turns a {@link
 * dev.torc.recovery.FailureContext} (the job, the attempt, its analysis, the earlier failures from
 * the store, the failure handler, the time and durable {@link dev.torc.recovery.PolicyState}) into
 * a {@link dev.torc.recovery.Decision}: retry (with a delay, new requirements, a recovery script or
 * a fallback command), fail, or await classification ({@code pending_failed}). Policies compose
 * outermost first; {@link dev.torc.recovery.RecoveryPolicies} builds chains of the built-in ones.
 *
 * <p>{@link dev.torc.recovery.RecoveryFailurePolicy} plugs an analyzer and a chain into the runner
 * ({@link dev.torc.run.FailurePolicy}): it reads the attempt's stderr log and the job's earlier
 * failures from the store, looks up the job's failure handler, and hands the runner the decision,
 * whose recovery script, delay and new requirements the runner applies. {@code torc run} uses
 * {@link dev.torc.recovery.RecoveryFailurePolicy#configured()}, the chain of each workflow's {@code
 * recovery_policy}.
 *
 * <p>Everything here is deterministic given its inputs, reads time only from the context, and keeps
 * state only in {@link dev.torc.recovery.PolicyState}, so a restarted runner decides as its
 * predecessor would have. Nothing here prints; diagnostics go through SLF4J.
 */
package dev.torc.recovery;
