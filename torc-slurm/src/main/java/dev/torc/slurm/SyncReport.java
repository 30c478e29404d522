package dev.torc.slurm;

import dev.torc.store.AllocationRecord;
import java.util.List;

/**
 * What {@link Slurm#syncStatus} found.
 *
 * @param workflowId the workflow
 * @param allocations the workflow's allocations as now recorded
 * @param jobsSettled how many jobs whose allocation was gone were made ready again (lost attempts,
 *     which spend no retry) or had their claim released
 */
public record SyncReport(long workflowId, List<AllocationRecord> allocations, int jobsSettled) {}
