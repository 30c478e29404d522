package dev.torc.run.internal;

import dev.torc.model.JobStatus;
import dev.torc.run.RunResult;
import dev.torc.store.FailureInfo;
import dev.torc.store.JobRecord;

/** Why a job did not succeed, as a run's result reports it. */
public final class FailureCauses {
  private FailureCauses() {}

  /**
   * The cause of a job that failed, was canceled or terminated, or awaits classification; {@code
   * null} for the others.
   *
   * @param returnCode the last attempt's return code in the run, or {@code null}
   * @param analysis the last analyzed attempt of the job in the run, or {@code null}
   */
  public static RunResult.FailureCause of(JobRecord job, Integer returnCode, FailureInfo analysis) {
    JobStatus status = job.status();
    if (!status.isUnsuccessfulEnd() && status != JobStatus.PENDING_FAILED) {
      return null;
    }
    if (status == JobStatus.CANCELED && returnCode == null) {
      return new RunResult.FailureCause("canceled", null);
    }
    if (analysis != null && analysis.attemptId() == job.attemptId()) {
      return new RunResult.FailureCause(analysis.cause(), analysis.evidence());
    }
    return new RunResult.FailureCause(
        "unknown", returnCode == null ? null : "return code " + returnCode);
  }
}
