package dev.torc.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Where an attempt of a job runs, in terms any executor can give: recorded when the attempt starts,
 * so that whoever settles a dead runner can find what it left and stop it ({@code
 * dev.torc.executor.Executor#stopOrphan}).
 *
 * @param executor the id of the executor that runs it ({@code local}, {@code slurm}, ...)
 * @param host the host it was started from or runs on, as the executor names it
 * @param externalId what the executor knows the attempt by (the local executor: the mark its
 *     processes carry, or a process id; Slurm: a job id or name), or {@code null} when unknown
 * @param startedAt when the executor started it, or {@code null} when unknown
 */
public record AttemptRef(String executor, String host, String externalId, Instant startedAt) {

  /**
   * Checks that the executor and host are given.
   *
   * @param executor the id of the executor that runs it ({@code local}, {@code slurm}, ...)
   * @param host the host it was started from or runs on, as the executor names it
   * @param externalId what the executor knows the attempt by (the local executor: the mark its
   *     processes carry, or a process id; Slurm: a job id or name), or {@code null} when unknown
   * @param startedAt when the executor started it, or {@code null} when unknown
   */
  public AttemptRef {
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(host, "host");
  }

  /** {@return the attempt as {@code executor externalId on host}, for events and logs} */
  public String describe() {
    return executor + (externalId == null ? "" : " " + externalId) + " on " + host;
  }
}
