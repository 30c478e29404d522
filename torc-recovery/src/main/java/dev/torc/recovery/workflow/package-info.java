/**
 * Workflow-level recovery, as {@code torc recover} and {@code torc watch --recover} run it.
 *
 * <p>{@link dev.torc.recovery.workflow.FailureDiagnosis} finds the failed, terminated and {@code
 * pending_failed} jobs of a workflow's current run and their causes, with the resource rules of
 * {@link dev.torc.diagnosis.ResourceDiagnosis} that {@code torc reports check-resource-utilization}
 * uses too, and the failure records for the rest. {@link
 * dev.torc.recovery.workflow.ResourceHeuristic}s propose new requirements (built in: more memory
 * after an OOM, more runtime after a timeout, sized by {@link dev.torc.recovery.policy.Resizing};
 * users add their own). {@link dev.torc.recovery.workflow.WorkflowRecovery} runs one pass (plan,
 * optional {@link dev.torc.recovery.workflow.RecoveryHook}, reset in one store transaction) and
 * returns a {@link dev.torc.recovery.workflow.RecoveryReport}; a dry run changes nothing. {@link
 * dev.torc.recovery.workflow.WorkflowWatch} polls a workflow that a {@link
 * dev.torc.recovery.workflow.WorkflowDriver} makes progress, and repeats recovery passes until
 * success or the retry limit.
 *
 * <pre>{@code
 * WorkflowRecovery recovery = WorkflowRecovery.builder(store)
 *     .memoryMultiplier(2.0)
 *     .maxMemory(Memory.parse("64g"))
 *     .build();
 * WatchResult result = WorkflowWatch.builder(store)
 *     .driver(id -> torc.run(id, options))
 *     .recovery(recovery)
 *     .maxRetries(3)
 *     .build()
 *     .watch(workflowId);
 * }</pre>
 *
 * <p>In tests, {@code SimulatedWorkload} of the test kit ({@code dev.torc:torc-testkit}, package
 * {@code dev.torc.testkit}) drives workflows without processes, on a virtual clock. Nothing here
 * prints; diagnostics go through SLF4J.
 */
package dev.torc.recovery.workflow;
