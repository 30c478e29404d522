package dev.torc.run;

import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;

/** Told about the attempts a runner starts and ends; called from the runner's thread. */
public interface JobListener {

  /** An attempt of {@code job} has started. */
  default void jobStarted(JobRecord job) {}

  /** An attempt of {@code job} has ended with {@code result}. */
  default void jobFinished(JobRecord job, JobResult result) {}
}
