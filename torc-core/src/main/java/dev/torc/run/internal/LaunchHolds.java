package dev.torc.run.internal;

import dev.torc.run.LaunchGate;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.WorkflowStore;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the runner's claimed jobs past its {@link LaunchGate}: a job the gate holds goes back to
 * {@code ready} in the store, not to be claimed before the time the gate gives.
 */
public final class LaunchHolds {
  private static final Logger LOG = LoggerFactory.getLogger(LaunchHolds.class);

  private final WorkflowStore store;
  private final LaunchGate gate;
  private final Clock clock;

  public LaunchHolds(WorkflowStore store, LaunchGate gate, Clock clock) {
    this.clock = clock;
    this.store = store;
    this.gate = gate;
  }

  /** Whether the claimed job may launch now; if not, it is held in the store. */
  public boolean admit(JobRecord job) {
    LaunchGate.Admission admission;
    try {
      admission = gate.admit(job, clock.instant());
    } catch (RuntimeException e) {
      LOG.warn("the launch gate failed on job {} ({}); launching it: {}", job.id(), job.name(), e);
      return true;
    }
    if (admission.granted()) {
      return true;
    }
    store.holdJob(job.id(), admission.notBefore(), admission.reason());
    LOG.info(
        "job {} ({}) attempt {} held until {}: {}",
        job.id(),
        job.name(),
        job.attemptId(),
        admission.notBefore(),
        admission.reason());
    return false;
  }

  /**
   * Whether the gate's admissions may depend on completions: then it must hear of them before it
   * admits the next jobs.
   */
  public boolean hearsCompletions() {
    return gate != LaunchGate.NONE;
  }

  /** Tells the gate that the job's attempt completed. */
  public void completed(JobRecord job, JobResult result) {
    try {
      gate.completed(job, result, clock.instant());
    } catch (RuntimeException e) {
      LOG.warn("the launch gate failed on the completion of job {}: {}", job.id(), e.toString());
    }
  }
}
