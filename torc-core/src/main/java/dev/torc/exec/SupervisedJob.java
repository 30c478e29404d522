package dev.torc.exec;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A job under a {@link JobSupervisor}: its process, its usage so far and how it ended. */
public interface SupervisedJob {

  /** {@return the key the job was supervised under} */
  String key();

  /** {@return the job's process} */
  JobProcess process();

  /** {@return the limits it is held to (none when the supervisor does not enforce limits)} */
  JobLimits limits();

  /**
   * {@return a future that completes once the job's own process has exited, the leftovers of its
   * process group are killed (if the supervisor does that) and its usage is summed up; never
   * exceptionally}
   */
  CompletableFuture<ProcessOutcome> outcome();

  /**
   * {@return what the job has used so far, or empty before its first sample or when not monitored}
   */
  Optional<UsageSummary> currentUsage();
}
