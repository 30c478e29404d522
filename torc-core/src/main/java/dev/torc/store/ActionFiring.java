package dev.torc.store;

import java.time.Instant;

/**
 * One firing of a workflow action.
 *
 * @param workflowId the workflow
 * @param actionIndex the action's position among the workflow's actions
 * @param runId the run it fired in
 * @param runnerId for a persistent action the runner that fired it, for any other 0
 * @param firedAt when it was claimed
 */
public record ActionFiring(
    long workflowId, int actionIndex, int runId, long runnerId, Instant firedAt) {}
