package dev.torc.store;

import dev.torc.model.SlurmScheduler;

/**
 * A workflow's stored Slurm scheduler configuration.
 *
 * @param id the configuration's id, unique in the store
 * @param workflowId the workflow it belongs to
 * @param scheduler the configuration
 */
public record SlurmSchedulerRecord(long id, long workflowId, SlurmScheduler scheduler) {}
