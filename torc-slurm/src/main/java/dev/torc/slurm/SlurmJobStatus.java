package dev.torc.slurm;

import java.time.Instant;

/**
 * What one status call said of a Slurm job.
 *
 * @param jobId Slurm's job id
 * @param state its state
 * @param exitCode its exit code as Slurm writes it ({@code exitstatus:signal}), or {@code null}
 * @param start when it started, or {@code null} while unknown
 * @param end when it ended, or {@code null} while it runs
 * @param nodes the nodes it ran on, or {@code null}
 */
public record SlurmJobStatus(
    String jobId, SlurmState state, String exitCode, Instant start, Instant end, String nodes) {}
