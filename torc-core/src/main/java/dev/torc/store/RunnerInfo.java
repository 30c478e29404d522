package dev.torc.store;

import java.time.Instant;

/**
 * A process on a host: a runner, or the process that runs one attempt of a job. The start time
 * tells a live process from a later one that reuses its pid.
 *
 * @param host the host name
 * @param pid the process id; 0 for work that runs inside the runner (a Java task)
 * @param processStart when the process started, or {@code null} when unknown
 */
public record RunnerInfo(String host, long pid, Instant processStart) {}
