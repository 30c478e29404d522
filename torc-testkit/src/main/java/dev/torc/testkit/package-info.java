/**
 * A test kit for recovery policies: {@link dev.torc.testkit.SimulatedExecutor} plays scripted
 * attempt outcomes for a few jobs on a {@link dev.torc.testkit.VirtualClock}, runs a policy after
 * every failure and reports every attempt, decision and delay, without starting a process or
 * waiting. {@link dev.torc.testkit.SimulatedWorkload} plays a machine that enforces limits, either
 * straight against a store or, as the {@code simulated} executor ({@link
 * dev.torc.testkit.SimulatedExecutorProvider}), under the real runner. {@link
 * dev.torc.testkit.FailureCorpus} is a corpus of real failing jobs with their right outcomes, to
 * score recovery against.
 *
 * <p>The kit is its own artifact, {@code dev.torc:torc-testkit}, meant for test scope: having it on
 * the class path registers the {@code simulated} executor.
 */
package dev.torc.testkit;
