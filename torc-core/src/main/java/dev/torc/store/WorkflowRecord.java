package dev.torc.store;

import dev.torc.model.JobsSortMethod;
import dev.torc.model.ResourceMonitorConfig;
import java.time.Instant;

/**
 * A stored workflow.
 *
 * @param id the store's id for the workflow
 * @param name the workflow's name
 * @param user the owner, or {@code null}
 * @param description a description, or {@code null}
 * @param project a project name, or {@code null}
 * @param runId the current run; grows on reinitialize
 * @param createdAt when the workflow was created
 * @param usePendingFailed whether unhandled failures await classification
 * @param resourceMonitor how the runner samples jobs
 * @param jobsSortMethod how ready jobs of equal priority are ordered
 * @param canceled whether the workflow was canceled and not reset since
 */
public record WorkflowRecord(
    long id,
    String name,
    String user,
    String description,
    String project,
    int runId,
    Instant createdAt,
    boolean usePendingFailed,
    ResourceMonitorConfig resourceMonitor,
    JobsSortMethod jobsSortMethod,
    boolean canceled) {}
