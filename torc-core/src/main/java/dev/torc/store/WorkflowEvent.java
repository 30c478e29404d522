package dev.torc.store;

import java.time.Instant;

/**
 * One entry of a workflow's event log.
 *
 * @param id the event's id; later events have larger ids
 * @param workflowId the workflow
 * @param timestamp when it happened
 * @param kind a short machine-readable kind, such as {@code job_completed}
 * @param jobId the job it concerns, or {@code null}
 * @param message what happened, in words
 */
public record WorkflowEvent(
    long id, long workflowId, Instant timestamp, String kind, Long jobId, String message) {}
