/**
 * What torc does after a job's attempt fails, split by concern.
 *
 * <ul>
 *   <li>{@code dev.torc.recovery.classify}: why an attempt failed (causes, failure records,
 *       patterns, classifiers, rules).
 *   <li>{@code dev.torc.recovery.policy}: what to do about it (policies, backoff, budgets,
 *       fallbacks, failure handlers).
 *   <li>{@code dev.torc.recovery.breaker}: circuit breakers keyed by failure signature.
 *   <li>{@code dev.torc.recovery.workflow}: workflow-level recovery ({@code torc recover}, {@code
 *       torc watch --recover}).
 *   <li>{@code dev.torc.recovery.testkit}: simulated executors and a virtual clock for tests.
 * </ul>
 *
 * <p>{@link dev.torc.recovery.RecoveryFailurePolicy} plugs an analyzer and a chain into the runner
 * ({@link dev.torc.run.FailurePolicy}). {@code torc run} uses {@link
 * dev.torc.recovery.RecoveryFailurePolicy#configured()}, the chain of each workflow's {@code
 * recovery_policy}.
 *
 * <p>Everything here is deterministic given its inputs, reads time only from the context, and keeps
 * state only in {@link dev.torc.recovery.policy.PolicyState}, so a restarted runner decides as its
 * predecessor would have. Nothing here prints; diagnostics go through SLF4J.
 */
package dev.torc.recovery;
