package dev.torc.store;

import java.time.Instant;

/**
 * A registered runner of a workflow.
 *
 * @param id the runner's id; jobs it claims carry it
 * @param workflowId the workflow it runs
 * @param process where it runs
 * @param startedAt when it registered
 * @param heartbeatAt when it last said it was alive
 */
public record RunnerRecord(
    long id, long workflowId, RunnerInfo process, Instant startedAt, Instant heartbeatAt) {}
