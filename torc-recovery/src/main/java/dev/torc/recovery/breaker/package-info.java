/**
 * Circuit breakers keyed by failure signature: after enough identical failures a breaker opens,
 * holds the launches of jobs that would fail the same way, and lets a probe through once its wait
 * is over.
 *
 * <p>{@link dev.torc.recovery.breaker.SignatureCircuitBreaker} is the policy in a chain; {@link
 * dev.torc.recovery.breaker.BreakerState} is what it keeps in the durable policy state.
 */
package dev.torc.recovery.breaker;
