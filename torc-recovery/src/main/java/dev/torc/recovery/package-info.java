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
 * </ul>
 *
 * <p>Policies are tested without processes or waiting with the test kit, artifact {@code
 * dev.torc:torc-testkit} (package {@code dev.torc.testkit}): simulated executors, a simulated
 * machine, a virtual clock and a corpus of real failures.
 *
 * <p>{@link dev.torc.recovery.Recovery} is the entry point: policies, outermost first, and how
 * failures are classified, as the runner's {@link dev.torc.run.FailurePolicy}. Every policy returns
 * the runner's own {@link dev.torc.run.Decision}, and a circuit breaker in the chain also holds
 * launches.
 *
 * <pre>{@code
 * FailurePolicy recovery =
 *     Recovery.with(
 *             SignatureCircuitBreaker.of(BreakerConfig.builder().failureRate(0.5).build()),
 *             ExponentialBackoff.builder().initial(Duration.ofSeconds(10)).build(),
 *             Recovery.jobFallbacks(),
 *             Recovery.failureHandlers())
 *         .classifyWith(ClassificationRule.transientIf("Connection reset"));
 * RunOptions options = RunOptions.builder().failurePolicy(recovery).build();
 * }</pre>
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
