package dev.torc.store;

import dev.torc.model.JobStatus;
import java.time.Instant;

/**
 * A job that a runner has claimed ({@code pending}) or started ({@code running}).
 *
 * @param jobId the job
 * @param name the job's name
 * @param status pending or running
 * @param attemptId the attempt under way
 * @param runnerId the runner that claimed it
 * @param attempt where the attempt runs, or {@code null} while pending
 * @param startedAt when the attempt started, or {@code null} while pending
 */
public record ActiveJob(
    long jobId,
    String name,
    JobStatus status,
    int attemptId,
    long runnerId,
    AttemptRef attempt,
    Instant startedAt) {}
