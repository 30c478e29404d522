/**
 * A test kit for recovery policies: {@link dev.torc.recovery.testkit.SimulatedExecutor} plays
 * scripted attempt outcomes for a few jobs on a {@link dev.torc.recovery.testkit.VirtualClock},
 * runs a policy after every failure and reports every attempt, decision and delay, without starting
 * a process or waiting.
 */
package dev.torc.recovery.testkit;
