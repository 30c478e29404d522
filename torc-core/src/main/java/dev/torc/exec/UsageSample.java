package dev.torc.exec;

import java.time.Instant;

/**
 * One sample of a job's whole process tree.
 *
 * @param time when it was taken
 * @param memoryBytes resident memory (RSS) summed over the tree
 * @param cpuPercent CPU use since the previous sample (or since the job started, for the first),
 *     100 per busy core
 * @param processes live processes in the tree
 */
public record UsageSample(Instant time, long memoryBytes, double cpuPercent, int processes) {}
