package dev.torc.recovery.workflow;

import dev.torc.diagnosis.ResourceDiagnosis;
import dev.torc.diagnosis.Results;
import dev.torc.model.JobStatus;
import dev.torc.recovery.FailureCause;
import dev.torc.store.FailureInfo;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.WorkflowStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds and diagnoses the failed, terminated and {@code pending_failed} jobs of a workflow's
 * current run. Each job's latest attempt in the run is compared with the job's requirements by
 * {@link ResourceDiagnosis} (likely OOM: peak memory over the request, or exit 137 before 80 % of
 * the runtime limit; likely timeout: exit 152, or more than 90 % of the limit); other failures take
 * the cause of the attempt's failure record ({@code torc jobs failures}), or {@link
 * FailureCause#UNKNOWN} when it has none.
 */
public final class FailureDiagnosis {
  /** The statuses of the jobs diagnosed. Canceled jobs are downstream of these and follow them. */
  public static final Set<JobStatus> DIAGNOSED =
      Set.of(JobStatus.FAILED, JobStatus.TERMINATED, JobStatus.PENDING_FAILED);

  private FailureDiagnosis() {}

  /** The workflow's failed, terminated and pending_failed jobs with their causes, by job id. */
  public static List<FailedJob> of(WorkflowStore store, long workflowId) {
    int runId = store.getWorkflow(workflowId).runId();
    List<JobRecord> failed = new ArrayList<>();
    for (JobRecord job : store.listJobs(workflowId, null)) {
      if (DIAGNOSED.contains(job.status())) {
        failed.add(job);
      }
    }
    if (failed.isEmpty()) {
      return List.of();
    }
    Map<Long, JobResult> latest = new HashMap<>();
    for (JobResult r : Results.latestAttemptPerJob(store.listResults(workflowId), runId)) {
      latest.put(r.jobId(), r);
    }
    Map<String, FailureInfo> records = new HashMap<>();
    for (FailureInfo f : store.listFailureRecords(workflowId)) {
      records.put(key(f.jobId(), f.runId(), f.attemptId()), f);
    }
    List<FailedJob> diagnosed = new ArrayList<>(failed.size());
    for (JobRecord job : failed) {
      JobResult result = latest.get(job.id());
      diagnosed.add(diagnose(job, result, result == null ? null : records.get(key(result))));
    }
    return List.copyOf(diagnosed);
  }

  /**
   * Diagnoses one job.
   *
   * @param result its latest attempt's result, or {@code null}
   * @param record that attempt's failure record, or {@code null}
   */
  public static FailedJob diagnose(JobRecord job, JobResult result, FailureInfo record) {
    if (result == null) {
      return new FailedJob(job, null, null, FailureCause.UNKNOWN, "no result recorded");
    }
    ResourceDiagnosis d = ResourceDiagnosis.of(job.requirements(), result);
    if (d.likelyOom()) {
      return new FailedJob(job, result, d, FailureCause.OOM, d.oomReason().label());
    }
    if (d.likelyTimeout()) {
      return new FailedJob(job, result, d, FailureCause.TIMEOUT, d.timeoutReason().label());
    }
    if (record != null) {
      FailureCause cause = FailureCause.valueOf(record.cause().toUpperCase(Locale.ROOT));
      String evidence =
          record.evidence() == null ? "failure record: " + record.cause() : record.evidence();
      return new FailedJob(job, result, d, cause, evidence);
    }
    return new FailedJob(job, result, d, FailureCause.UNKNOWN, "exit code " + result.returnCode());
  }

  private static String key(JobResult r) {
    return key(r.jobId(), r.runId(), r.attemptId());
  }

  private static String key(long jobId, int runId, int attemptId) {
    return jobId + "/" + runId + "/" + attemptId;
  }
}
